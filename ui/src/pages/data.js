// Research data: build a state-year or dyad-year panel and download it from the
// API's streaming endpoints (CSV or Parquet); the columns are shown from a
// one-year preview of the same request, so they are never described twice.
import { api, qs } from '../api.js';
import { esc, errorBox, table } from '../ui.js';

const KINDS = [['dyad-year', 'Dyad-years'], ['state-year', 'State-years']];

export default async function data(app, _m, params) {
  const meta = await api('/meta');
  const v = {
    panel: params.get('panel') || 'dyad-year', system: params.get('system') || 'cow',
    from: params.get('from') || '1946', to: params.get('to') || '2016',
    directed: params.get('directed') !== 'false', microstates: params.get('microstates') === 'true',
    add: (params.get('add') ?? 'atop').split(',').filter(Boolean), format: params.get('format') || 'csv',
  };
  const vars = meta.analyses?.panel_variables || ['atop', 'dcad', 'nmc', 'majors'];
  const radio = (name, opts, cur) => opts.map(([val, label]) => `<label class="check"><input type="radio" name="${name}" value="${val}" ${val === cur ? 'checked' : ''}> ${esc(label)}</label>`).join('');
  app.innerHTML = `<h1>Data</h1>
    <p class="lead">Build a research panel (peacesciencer's column names) and download it, streamed from the API as it is written.</p>
    <form id="df" class="filters card" aria-label="Panel">
      <fieldset class="kinds"><legend>Panel</legend>${radio('panel', KINDS, v.panel)}</fieldset>
      <fieldset class="kinds"><legend>State system</legend>${radio('system', [['cow', 'COW'], ['gw', 'Gleditsch–Ward']], v.system)}</fieldset>
      <label>From<input name="from" type="number" min="1816" max="2030" value="${esc(v.from)}"></label>
      <label>To<input name="to" type="number" min="1816" max="2030" value="${esc(v.to)}"></label>
      <fieldset class="kinds"><legend>Variables</legend>${vars.map((x) => `<label class="check"><input type="checkbox" name="add" value="${esc(x)}" ${v.add.includes(x) ? 'checked' : ''}> ${esc(x)}</label>`).join('')}</fieldset>
      <label class="check"><input type="checkbox" name="directed" value="true" ${v.directed ? 'checked' : ''}> directed dyads (both orders)</label>
      <label class="check"><input type="checkbox" name="microstates" value="true" ${v.microstates ? 'checked' : ''}> G-W microstates</label>
      <fieldset class="kinds"><legend>Format</legend>${radio('format', [['csv', 'CSV'], ['parquet', 'Parquet']], v.format)}</fieldset>
      <button type="submit">Show the columns</button>
    </form>
    <section class="card" id="dl"></section>
    <section class="card" id="cols"><h2>Columns</h2><p class="muted">Loading a one-year preview…</p></section>`;
  const form = app.querySelector('#df');
  const current = () => {
    const f = new FormData(form);
    const panel = f.get('panel');
    return {
      panel,
      query: {
        format: f.get('format'), system: f.get('system'), from: f.get('from'), to: f.get('to'),
        add: f.getAll('add').join(','), microstates: f.get('microstates') ? 'true' : '',
        directed: panel === 'dyad-year' ? (f.get('directed') ? 'true' : 'false') : '',
      },
    };
  };
  const show = async () => {
    const { panel, query } = current();
    history.replaceState(history.state, '', `/data${qs({ panel, ...query })}`);
    const url = `/api/v1/panels/${panel}${qs(query)}`;
    app.querySelector('#dl').innerHTML = `<h2>Download</h2>
      <p><a class="button" id="download" href="${esc(url)}" download>Download ${esc(panel)} ${esc(query.from)}–${esc(query.to)} (${esc(query.format)})</a></p>
      <p class="small">The same from a script:</p><pre class="cite" tabindex="0">curl -s -o panel.${esc(query.format)} '${esc(location.origin + url)}'</pre>
      <p class="muted small">Cite the sources of the variables you add (ATOP, DCAD, NMC, COW): see the sources of each agreement, and docs/sources.md.</p>`;
    const cols = app.querySelector('#cols');
    try {
      const res = await fetch(`/api/v1/panels/${panel}${qs({ ...query, format: 'csv', from: query.to, to: query.to })}`);
      const text = await res.text();
      if (!res.ok) throw Object.assign(new Error(JSON.parse(text).message), { body: JSON.parse(text) });
      const lines = text.trim().split(/\r?\n/);
      const head = lines[0].split(',');
      const rows = lines.slice(1, 6).map((l) => l.split(','));
      cols.innerHTML = `<h2>Columns <span class="muted">${head.length}</span></h2>
        <p class="muted small">The first rows of ${esc(query.to)} (${(lines.length - 1).toLocaleString()} rows that year).</p>
        ${table(head.map(esc), rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`), 'preview', 'panel preview')}`;
    } catch (e) {
      cols.innerHTML = `<h2>Columns</h2>${errorBox(e)}`;
    }
    form.dataset.ready = 'true';
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); form.dataset.ready = 'false'; show(); });
  await show();
}
