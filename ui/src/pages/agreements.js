// Agreement search with the CLI's filters, as a table with pages.
import { api, qs } from '../api.js';
import { esc, statusBadge, partyChips, table, errorBox, words, bindingBadge, coverageBanner } from '../ui.js';
import { navigate } from '../main.js';

const FIELDS = ['q', 'party', 'partner', 'family', 'obligation', 'owed_to', 'owed_by', 'in_force', 'source', 'bilateral', 'offset'];

export default async function agreements(app, _m, params) {
  const meta = await api('/meta');
  const v = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) || '']));
  // Each option with how many of the matches it keeps (filled in once the list is in).
  const opt = (list, cur) => ['<option value="">any</option>', ...list.map((x) => `<option value="${esc(x)}" data-name="${esc(words(x))}" ${x === cur ? 'selected' : ''}>${esc(words(x))}</option>`)].join('');
  app.innerHTML = `
    <h1>Agreements</h1>
    <p class="lead">Filters combine: with a type and “owed to”, one obligation must be both (<a href="/agreements?obligation=defense&amp;owed_to=JPN" data-link>who must defend Japan?</a>).</p>
    <form id="filters" class="filters" role="search" aria-label="Filter agreements">
      <label>Words<input name="q" value="${esc(v.q)}" placeholder="title, id…"></label>
      <label>Party<input name="party" value="${esc(v.party)}" placeholder="USA, 2, Japan…"></label>
      <label>Partner<input name="partner" value="${esc(v.partner)}" placeholder="JPN…"></label>
      <label>Family<select name="family">${opt(meta.families, v.family)}</select></label>
      <label>Obligation<select name="obligation">${opt(meta.obligation_kinds, v.obligation)}</select></label>
      <label>Owed to<input name="owed_to" value="${esc(v.owed_to)}" placeholder="JPN… (beneficiary)"></label>
      <label>Owed by<input name="owed_by" value="${esc(v.owed_by)}" placeholder="USA… (obligor)"></label>
      <label>In force on<input name="in_force" value="${esc(v.in_force)}" placeholder="YYYY-MM-DD or today"></label>
      <label>Source<select name="source">${opt(meta.sources.map((s) => s.source), v.source)}</select></label>
      <label class="check"><input type="checkbox" name="bilateral" value="true" ${v.bilateral === 'true' ? 'checked' : ''}> bilateral only</label>
      <button type="submit">Apply</button>
    </form>
    <div id="list"></div>`;
  const form = app.querySelector('#filters');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    delete data.offset;
    navigate(`/agreements${qs(data)}`);
  });
  const out = app.querySelector('#list');
  const query = { ...v, limit: 50 };
  try {
    const page = await api(`/agreements${qs(query)}`);
    const rows = page.items.map((a) => `<tr>
      <td><a href="/agreements/${encodeURIComponent(a.id)}" data-link><strong>${esc(a.short_title || a.title)}</strong></a><div class="muted small">${esc(a.id)}</div></td>
      <td>${partyChips(a.parties)}</td>
      <td>${a.families.map((f) => `<span class="tag">${esc(words(f))}</span>`).join(' ')}</td>
      <td class="nowrap">${esc(a.signed || '')}</td>
      <td>${statusBadge(a)} ${bindingBadge(a.binding)}</td>
      <td class="muted">${esc(a.source || '')}</td></tr>`);
    const off = Number(v.offset || 0);
    const nav = `${coverageBanner(page.coverage)}<div class="pager"><span>${page.total.toLocaleString()} agreements · status on ${esc(page.status_on)}${page.total ? ` · showing ${off + 1}–${off + page.items.length}` : ''}</span>
      ${off > 0 ? `<a href="/agreements${qs({ ...v, offset: Math.max(0, off - 50) || '' })}" data-link>← previous</a>` : ''}
      ${off + page.items.length < page.total ? `<a href="/agreements${qs({ ...v, offset: off + 50 })}" data-link>next →</a>` : ''}</div>`;
    const c = page.counts || { families: {}, obligation_kinds: {}, status: {} };
    const facet = (m) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, n]) => `<span class="tag">${esc(words(k))} <strong>${n.toLocaleString()}</strong></span>`).join(' ');
    const counts = page.total ? `<details class="counts"><summary>Counts of the ${page.total.toLocaleString()} matches</summary>
      <p><span class="muted">Status on ${esc(page.status_on)}:</span> ${facet(c.status)}</p>
      <p><span class="muted">Families:</span> ${facet(c.families)}</p>
      <p><span class="muted">Obligation types:</span> ${facet(c.obligation_kinds)}</p></details>` : '';
    for (const [name, m] of [['family', c.families], ['obligation', c.obligation_kinds]]) {
      form.querySelectorAll(`select[name=${name}] option[data-name]`).forEach((o) => { o.textContent = `${o.dataset.name} (${(m[o.value] || 0).toLocaleString()})`; });
    }
    out.innerHTML = nav + counts + table(['Agreement', 'Parties', 'Families', 'Signed', 'Status', 'Source'], rows, 'agreements', 'agreements on this page');
  } catch (e) {
    out.innerHTML = errorBox(e);
  }
}
