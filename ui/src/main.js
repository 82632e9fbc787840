// The foedus UI: a small router over pages, each a function that renders into #app.
import './style.css';
import { api, qs } from './api.js';
import { esc, debounce, statusBadge } from './ui.js';
// Each page is its own chunk, loaded when first visited: the network page does
// not wait for the chart library, nor the trends page for the graph one.
const routes = [
  [/^\/$/, () => import('./pages/home.js')],
  [/^\/agreements\/?$/, () => import('./pages/agreements.js')],
  [/^\/agreements\/(.+)$/, () => import('./pages/agreement.js')],
  [/^\/states\/?$/, () => import('./pages/states.js')],
  [/^\/states\/(.+)$/, () => import('./pages/state.js')],
  [/^\/network\/?$/, () => import('./pages/network.js')],
  [/^\/trends\/?$/, () => import('./pages/trends.js')],
  [/^\/calendar\/?$/, () => import('./pages/calendar.js')],
  [/^\/scenarios\/?$/, () => import('./pages/scenarios.js')],
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
  if (cleanup) {
    try { cleanup(); } catch { /* a page's cleanup never stops navigation */ }
    cleanup = null;
  }
  document.querySelectorAll('header nav a').forEach((a) => {
    const href = a.getAttribute('href');
    a.classList.toggle('active', href !== '/' && path.startsWith(href));
  });
  // The network page's data is fetched while its code loads.
  if (/^\/network\/?$/.test(path)) {
    const p = new URLSearchParams(location.search);
    window.__foedusPrefetch = {
      key: `${p.get('year') || 2000}:${p.get('ties') || 'defense'}`,
      data: api(`/network/${p.get('year') || 2000}${qs({ ties: p.get('ties') || 'defense' })}`).catch(() => null),
    };
  }
  for (const [re, load] of routes) {
    const m = path.match(re);
    if (m) {
      app.innerHTML = '<div class="loading">Loading…</div>';
      try {
        const page = (await load()).default;
        app.dataset.page = page.name || '';
        const params = new URLSearchParams(location.search);
        cleanup = (await page(app, m.slice(1), params)) || null;
      } catch (e) {
        app.innerHTML = `<div class="error-box"><h2>Something went wrong</h2><p>${esc(e.message)}</p></div>`;
      }
      window.scrollTo(0, 0);
      return;
    }
  }
  app.innerHTML = `<div class="error-box"><h2>Not found</h2><p>No page at ${esc(path)}. <a href="/" data-link>Start again</a>.</p></div>`;
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || a.target === '_blank') return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);

// Global search: suggestions as you type, Enter opens the agreements list.
const form = document.getElementById('global-search');
const input = document.getElementById('global-q');
const box = document.getElementById('suggest');
const suggest = debounce(async () => {
  const q = input.value.trim();
  if (q.length < 2) { box.hidden = true; return; }
  try {
    const r = await api(`/search${qs({ q, limit: 6 })}`);
    if (input.value.trim() !== q) return;
    const states = r.states.map((s) => `<a class="sg" href="/states/${encodeURIComponent(s.abbrev)}" data-link><span class="k">state</span> ${esc(s.name)} <span class="muted">${esc(s.abbrev)}</span></a>`);
    const ags = r.agreements.map((a) => `<a class="sg" href="/agreements/${encodeURIComponent(a.id)}" data-link><span class="k">agreement</span> ${esc(a.short_title || a.title)} ${statusBadge(a)}</a>`);
    const more = r.agreements_total > r.agreements.length
      ? `<a class="sg more" href="/agreements${qs({ q })}" data-link>All ${r.agreements_total} matching agreements →</a>` : '';
    box.innerHTML = [...states, ...ags].join('') + more || '<div class="sg muted">No match</div>';
    box.hidden = false;
  } catch { box.hidden = true; }
}, 180);
input.addEventListener('input', suggest);
input.addEventListener('blur', () => setTimeout(() => { box.hidden = true; }, 200));
box.addEventListener('click', () => { box.hidden = true; input.value = ''; });
form.addEventListener('submit', (e) => {
  e.preventDefault();
  box.hidden = true;
  navigate(`/agreements${qs({ q: input.value.trim() })}`);
});

render();
