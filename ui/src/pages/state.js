// One state: memberships, its commitments over time, partners on a world map for
// a chosen date, and its place in the network.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, qs } from '../api.js';
import { esc, table, errorBox, words, stateLink, today } from '../ui.js';
import { navigate } from '../main.js';
import { drawMap } from './worldmap.js';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export default async function state(app, [code], params) {
  const on = params.get('on') || today();
  let d;
  try {
    d = await api(`/states/${encodeURIComponent(code)}${qs({ on })}`);
  } catch (e) {
    app.innerHTML = `<h1>State</h1>${errorBox(e)}`;
    return;
  }
  const s = d.state;
  const spells = (s.memberships || []).map((m) => `<li>${esc(m.system.toUpperCase())} member ${esc(m.start)} – ${esc(m.end || 'today')}${m.microstate ? ' (microstate)' : ''}</li>`).join('');
  const rows = d.commitments.map((c) => `<tr class="${c.status}">
    <td><a href="/agreements/${encodeURIComponent(c.id)}" data-link>${esc(c.title)}</a></td>
    <td>${c.partners.slice(0, 4).map(stateLink).join(' ')}${c.partners.length > 4 ? ` <span class="muted">+${c.partners.length - 4}</span>` : ''}</td>
    <td>${esc(c.owes.map(words).join(', ') || '—')}</td><td>${esc(c.owed.map(words).join(', ') || '—')}</td>
    <td>${esc(c.from || '—')}</td><td>${esc(c.until || '')}</td><td>${esc(c.status_text)}</td></tr>`);
  const years = Object.keys(d.in_force_by_year);
  app.innerHTML = `
    <p class="crumbs"><a href="/states" data-link>States</a> › ${esc(s.name)}</p>
    <header class="page-head"><h1>${esc(s.name)}</h1>
      <p class="sub">${esc(s.abbrev)} · COW ${s.ccode ?? '—'} · G-W ${s.gwcode ?? '—'} · ISO ${esc(s.iso3 || '—')}</p>
      <form id="on-form" class="inline"><label>Partners and statuses on <input name="on" type="date" value="${esc(d.on)}" min="1816-01-01" max="2100-12-31"></label><button>Show</button></form>
    </header>
    <div class="layout">
      <div class="maincol">
        <section class="card"><h2>Partners on ${esc(d.on)} <span class="muted">${d.partners.length}</span></h2><div id="map" class="map"></div></section>
        <section class="card"><h2>Commitments over time</h2><div id="years" class="chart short"></div></section>
        <section class="card"><h2>Agreements <span class="muted">${d.commitments.length}</span></h2>
          ${table(['Agreement', 'Partners', 'Owes', 'Is owed', 'In force from', 'Until', `Status on ${esc(d.on)}`], rows, 'commitments')}</section>
      </div>
      <aside class="sidecol">
        <section class="card"><h3>System membership</h3><ul class="plain">${spells || '<li class="muted">none recorded</li>'}</ul>
          <p>${d.member_on ? 'A COW system member' : 'Not a COW system member'} on ${esc(d.on)}.</p></section>
        <section class="card" id="place"><h3>Place in the network</h3><p class="muted">Loading…</p></section>
        <section class="card"><h3>Partners on ${esc(d.on)}</h3><ul class="plain small">${d.partners.map((p) => `<li>${stateLink(p.state)} <span class="muted">${esc([...new Set([...p.owes, ...p.owed])].map(words).join(', ') || p.families.map(words).join(', '))}</span></li>`).join('') || '<li class="muted">none</li>'}</ul></section>
      </aside>
    </div>`;
  drawMap(app.querySelector('#map'), d.summary, d.partners, (abbrev) => navigate(`/states/${encodeURIComponent(abbrev)}${qs({ on: d.on })}`));
  const chart = echarts.init(app.querySelector('#years'));
  chart.setOption({
      animation: false,
    grid: { left: 40, right: 10, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: years.map((y) => d.in_force_by_year[y]), itemStyle: { color: '#1f5fbf' }, name: 'agreements in force' }],
  });
  app.querySelector('#on-form').addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`/states/${encodeURIComponent(code)}${qs({ on: new FormData(e.target).get('on') })}`);
  });
  const year = Number(d.on.slice(0, 4));
  const place = app.querySelector('#place');
  try {
    const net = await api(`/network/${year}${qs({ ties: 'any' })}`);
    const node = net.nodes.find((n) => n.code === s.ccode);
    if (!node) {
      place.innerHTML = `<h3>Place in the network</h3><p class="muted">Not in the ${year} network (no system membership that year).</p>`;
    } else {
      const fmt = (x) => (x === null || x === undefined ? '—' : (Number.isInteger(x) ? x : Number(x).toFixed(3)));
      const rows = [['degree', 'ties (partners)'], ['betweenness', 'betweenness'], ['closeness', 'closeness'], ['eigenvector', 'eigenvector centrality'], ['community', 'community that year'], ['bloc', 'bloc (over time)']];
      place.innerHTML = `<h3>Place in the network, ${year}</h3><p class="muted small">Ties: any ATOP obligation; ${net.summary.states} states, ${net.summary.ties} ties.</p>
        <table class="kv">${rows.map(([k, label]) => `<tr><th>${esc(label)}</th><td>${fmt(node[k])}</td></tr>`).join('')}</table>
        <p><a href="/network${qs({ year, focus: s.abbrev })}" data-link>See it in the network →</a></p>`;
    }
  } catch (e) {
    place.innerHTML = `<h3>Place in the network</h3><p class="muted">${esc(e.message)}</p>`;
  }
  return () => chart.dispose();
}
