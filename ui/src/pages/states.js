// States: search and list, with their agreements.
import { api, qs } from '../api.js';
import { esc, table, errorBox, debounce } from '../ui.js';
import { navigate } from '../main.js';

export default async function states(app, _m, params) {
  const q = params.get('q') || '';
  const memberOn = params.get('member_on') || '';
  app.innerHTML = `<h1>States</h1>
    <form id="sf" class="filters">
      <label>Name or code<input name="q" value="${esc(q)}" placeholder="Japan, JPN, 740…"></label>
      <label>System member on<input name="member_on" value="${esc(memberOn)}" placeholder="YYYY-MM-DD or today"></label>
      <button>Apply</button></form><div id="out"></div>`;
  const form = app.querySelector('#sf');
  form.addEventListener('submit', (e) => { e.preventDefault(); navigate(`/states${qs(Object.fromEntries(new FormData(form)))}`); });
  form.q.addEventListener('input', debounce(() => navigate(`/states${qs(Object.fromEntries(new FormData(form)))}`, true), 400));
  try {
    const page = await api(`/states${qs({ q, member_on: memberOn, limit: 300 })}`);
    const rows = page.items.map((s) => `<tr>
      <td><a href="/states/${encodeURIComponent(s.abbrev)}" data-link><strong>${esc(s.name)}</strong></a></td>
      <td>${esc(s.abbrev)}</td><td>${s.ccode ?? '—'}</td><td>${s.gwcode ?? '—'}</td><td>${esc(s.iso3 || '—')}</td>
      <td>${s.member_today ? 'yes' : '<span class="muted">no</span>'}</td>
      <td class="num">${s.agreements}</td><td class="num">${s.in_force_today}</td></tr>`);
    app.querySelector('#out').innerHTML = `<p class="muted">${page.total} states</p>`
      + table(['State', 'Abbrev.', 'COW', 'G-W', 'ISO', 'Member today', 'Agreements', 'In force today'], rows, 'states');
  } catch (e) {
    app.querySelector('#out').innerHTML = errorBox(e);
  }
  if (q) { form.q.focus(); form.q.setSelectionRange(q.length, q.length); }
}
