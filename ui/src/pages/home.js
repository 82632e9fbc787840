// The start page: what the registry holds, and search across agreements and states.
import { api, qs } from '../api.js';
import { esc, statusBadge, debounce, words } from '../ui.js';

export default async function home(app, _m, params) {
  const meta = await api('/meta');
  const sources = meta.sources.map((s) => `<li><strong>${esc(s.source)}</strong> ${esc(s.version)}${s.span ? ` <span class="muted">${s.span[0]}–${s.span[1]}</span>` : ''}${s.agreements ? ` · ${s.agreements} agreements` : ''}</li>`).join('');
  app.innerHTML = `
    <section class="hero">
      <h1>Bilateral military agreements, their obligations and their lifecycle</h1>
      <p class="lead">Who owes what to whom, on what conditions, and whether it is in force — under the law of treaties.</p>
      <form id="home-search" class="big-search" role="search" aria-label="Search agreements and states">
        <input id="home-q" type="search" placeholder="Try “Japan”, “GSOMIA”, “ANZUS”, “mutual defense”…" aria-label="Search agreements and states" autocomplete="off" />
        <button type="submit">Search</button>
      </form>
      <div id="home-results" aria-live="polite"></div>
    </section>
    <section class="cards">
      <div class="card stat"><div class="n">${meta.agreements.toLocaleString()}</div><div>agreements</div></div>
      <div class="card stat"><div class="n">${meta.states.toLocaleString()}</div><div>states</div></div>
      <div class="card stat"><div class="n">${meta.sources.length}</div><div>sources loaded</div></div>
      <div class="card stat"><div class="n">${esc(meta.today)}</div><div>today</div></div>
    </section>
    <section class="two">
      <div class="card"><h2>Explore</h2><ul class="links">
        <li><a href="/agreements${qs({ in_force: 'today' })}" data-link>Agreements in force today</a></li>
        <li><a href="/network" data-link>The alliance network, year by year</a></li>
        <li><a href="/trends" data-link>Trends: agreements in force by family and obligation</a></li>
        <li><a href="/calendar" data-link>Calendar: renewals, notice deadlines, expiries</a></li>
        <li><a href="/scenarios" data-link>Scenarios: casus foederis and escalation cascades</a></li>
        <li><a href="/api/v1/docs">The HTTP API and its OpenAPI document</a></li>
      </ul></div>
      <div class="card"><h2>Sources loaded</h2><ul class="links">${sources}</ul>
      <p class="muted small">Families: ${meta.families.map(words).join(', ')}.</p></div>
    </section>`;
  const input = app.querySelector('#home-q');
  const out = app.querySelector('#home-results');
  const run = async () => {
    const q = input.value.trim();
    // The search is in the address, so it can be shared and comes back with Back.
    history.replaceState(history.state, '', q ? `/${qs({ q })}` : '/');
    if (q.length < 2) { out.innerHTML = ''; return; }
    const r = await api(`/search${qs({ q, limit: 8 })}`);
    if (input.value.trim() !== q) return;
    out.innerHTML = `<div class="results two">
      <div><h2>States <span class="muted">${r.states.length}</span></h2>${r.states.map((s) => `
        <a class="result" href="/states/${encodeURIComponent(s.abbrev)}" data-link><strong>${esc(s.name)}</strong> <span class="muted">${esc(s.abbrev)} · COW ${s.ccode ?? '—'} · ${s.agreements} agreements, ${s.in_force_today} in force</span></a>`).join('') || '<p class="muted">No state matches.</p>'}</div>
      <div><h2>Agreements <span class="muted">${r.agreements_total}</span></h2>${r.agreements.map((a) => `
        <a class="result" href="/agreements/${encodeURIComponent(a.id)}" data-link><strong>${esc(a.short_title || a.title)}</strong> ${statusBadge(a)}<br><span class="muted">${a.parties.map((p) => esc(p.name)).slice(0, 4).join(' – ')} · ${esc(a.signed || '')}</span></a>`).join('') || '<p class="muted">No agreement matches.</p>'}
        ${r.agreements_total > r.agreements.length ? `<a href="/agreements${qs({ q })}" data-link>All ${r.agreements_total} →</a>` : ''}</div></div>`;
  };
  input.addEventListener('input', debounce(run, 200));
  app.querySelector('#home-search').addEventListener('submit', (e) => { e.preventDefault(); run(); });
  input.focus();
  if (params.get('q')) { input.value = params.get('q'); await run(); }
}
