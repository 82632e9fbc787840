// The foedus UI: a small router over pages, each a function that renders into #app.
import './style.css';
import { api, qs } from './api.js';
import { esc, debounce, statusBadge, enhanceTables } from './ui.js';
import { showDraftsLink } from './session.js';
// Each page is its own chunk, loaded when first visited: the network page does
// not wait for the chart library, nor the trends page for the graph one.
const routes = [
  [/^\/$/, () => import('./pages/home.js')],
  [/^\/agreements\/?$/, () => import('./pages/agreements.js')],
  [/^\/agreements\/new$/, () => import('./pages/record.js')],
  [/^\/agreements\/(.+)\/edit$/, () => import('./pages/record.js')],
  [/^\/agreements\/(.+)$/, () => import('./pages/agreement.js')],
  [/^\/states\/?$/, () => import('./pages/states.js')],
  [/^\/states\/(.+)$/, () => import('./pages/state.js')],
  [/^\/network\/?$/, () => import('./pages/network.js')],
  [/^\/trends\/?$/, () => import('./pages/trends.js')],
  [/^\/calendar\/?$/, () => import('./pages/calendar.js')],
  [/^\/scenarios\/?$/, () => import('./pages/scenarios.js')],
  [/^\/data\/?$/, () => import('./pages/data.js')],
  [/^\/drafts\/?$/, () => import('./pages/drafts.js')],
];

const app = document.getElementById('app');
let cleanup = null;

export function navigate(href, replace = false) {
  if (replace) history.replaceState({}, '', href);
  else history.pushState({}, '', href);
  render();
}

async function render() {
  const path = decodeURIComponent(location.pathname);
  const started = performance.now();
  delete document.body.dataset.ready;
  if (cleanup) {
    try { cleanup(); } catch { /* a page's cleanup never stops navigation */ }
    cleanup = null;
  }
  closeMenu();
  showDraftsLink();
  document.querySelectorAll('header nav a').forEach((a) => {
    const href = a.getAttribute('href');
    const on = href !== '/' && path.startsWith(href);
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  // The network page's data is fetched while its code loads.
  if (/^\/network\/?$/.test(path)) {
    const p = new URLSearchParams(location.search);
    window.__foedusPrefetch = {
      key: `${p.get('year') || 2000}:${p.get('ties') || 'defense'}`,
      data: api(`/network/${p.get('year') || 2000}${qs({ ties: p.get('ties') || 'defense' })}`).catch(() => null),
    };
  }
  let found = false;
  for (const [re, load] of routes) {
    const m = path.match(re);
    if (m) {
      found = true;
      app.innerHTML = '<div class="loading">Loading…</div>';
      try {
        const page = (await load()).default;
        app.dataset.page = page.name || '';
        const params = new URLSearchParams(location.search);
        cleanup = (await page(app, m.slice(1), params)) || null;
      } catch (e) {
        app.innerHTML = `<div class="error-box"><h1>Something went wrong</h1><p>${esc(e.message)}</p></div>`;
      }
      break;
    }
  }
  if (!found) {
    app.innerHTML = `<div class="error-box"><h1>Not found</h1><p>No page at ${esc(path)}. <a href="/" data-link>Start again</a>.</p></div>`;
  }
  enhanceTables(app);
  const h1 = app.querySelector('h1');
  if (h1) document.title = `${h1.textContent.trim()} — foedus`;
  if (rendered++) window.scrollTo(0, 0);
  // When the page answers input: the browser tests read this as its time to interactive.
  window.__foedusReady = { path, ms: Math.round(performance.now() - (rendered === 1 ? 0 : started)) };
  document.body.dataset.ready = 'true';
}
let rendered = 0;
// Tables drawn after the page answered (a result, a panel) are enhanced too.
new MutationObserver(() => enhanceTables(app)).observe(app, { childList: true, subtree: true });

// On a narrow screen the navigation folds behind a Menu button.
const menu = document.getElementById('menu-toggle');
function closeMenu() {
  document.body.classList.remove('menu-open');
  menu.setAttribute('aria-expanded', 'false');
}
menu.addEventListener('click', () => {
  const open = !document.body.classList.contains('menu-open');
  document.body.classList.toggle('menu-open', open);
  menu.setAttribute('aria-expanded', String(open));
});

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || a.target === '_blank') return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);

// Global search: suggestions as you type (a combobox: arrow keys move through
// them, Enter opens the one marked, Escape closes them); Enter alone opens the
// agreements list.
const form = document.getElementById('global-search');
const input = document.getElementById('global-q');
const box = document.getElementById('suggest');
let active = -1;
const options = () => [...box.querySelectorAll('[role=option]:not([aria-disabled=true])')];
function showSuggestions(open) {
  box.hidden = !open;
  input.setAttribute('aria-expanded', String(open));
  if (!open) { active = -1; input.removeAttribute('aria-activedescendant'); }
}
function mark(i) {
  const list = options();
  if (!list.length) return;
  active = (i + list.length) % list.length;
  list.forEach((o, k) => o.setAttribute('aria-selected', String(k === active)));
  input.setAttribute('aria-activedescendant', list[active].id);
  list[active].scrollIntoView({ block: 'nearest' });
}
const suggest = debounce(async () => {
  const q = input.value.trim();
  if (q.length < 2) { showSuggestions(false); return; }
  try {
    const r = await api(`/search${qs({ q, limit: 6 })}`);
    if (input.value.trim() !== q) return;
    let n = 0;
    const opt = (href, html, cls = '') => `<a class="sg ${cls}" id="sg-${n++}" role="option" aria-selected="false" tabindex="-1" href="${href}" data-link>${html}</a>`;
    const states = r.states.map((s) => opt(`/states/${encodeURIComponent(s.abbrev)}`, `<span class="k">state</span> ${esc(s.name)} <span class="muted">${esc(s.abbrev)}</span>`));
    const ags = r.agreements.map((a) => opt(`/agreements/${encodeURIComponent(a.id)}`, `<span class="k">agreement</span> ${esc(a.short_title || a.title)} ${statusBadge(a)}`));
    const more = r.agreements_total > r.agreements.length
      ? opt(`/agreements${qs({ q })}`, `All ${r.agreements_total} matching agreements →`, 'more') : '';
    box.innerHTML = [...states, ...ags].join('') + more || '<div class="sg muted" role="option" aria-disabled="true" aria-selected="false">No match</div>';
    active = -1;
    showSuggestions(true);
  } catch { showSuggestions(false); }
}, 180);
input.addEventListener('input', suggest);
input.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if (box.hidden) return;
    e.preventDefault();
    mark(active < 0 && e.key === 'ArrowUp' ? -1 : active + (e.key === 'ArrowDown' ? 1 : -1));
  } else if (e.key === 'Escape') {
    showSuggestions(false);
  } else if (e.key === 'Enter' && !box.hidden && active >= 0) {
    e.preventDefault();
    const target = options()[active];
    showSuggestions(false);
    input.value = '';
    navigate(target.getAttribute('href'));
  }
});
input.addEventListener('blur', () => setTimeout(() => showSuggestions(false), 200));
box.addEventListener('click', () => { showSuggestions(false); input.value = ''; });
form.addEventListener('submit', (e) => {
  e.preventDefault();
  showSuggestions(false);
  navigate(`/agreements${qs({ q: input.value.trim() })}`);
});

render();
