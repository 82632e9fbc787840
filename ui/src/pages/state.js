// One state: memberships, its commitments over time, partners on a world map for
// a chosen date, and its place in the network.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, qs } from '../api.js';
import { esc, table, errorBox, words, stateLink, today, coverage, coverageBanner, trackRecord } from '../ui.js';
import { navigate } from '../main.js';
import { drawMap } from './worldmap.js';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const IN_FORCE = new Set(['in_force', 'provisionally_applied', 'suspended']);

// What changed in a state's commitments between two dates: agreements that came
// into force or ended, and partners gained, lost or bound differently.
function comparison(a, b) {
  const live = (d) => new Map(d.commitments.filter((c) => IN_FORCE.has(c.status)).map((c) => [c.id, c]));
  const la = live(a);
  const lb = live(b);
  const added = [...lb.values()].filter((c) => !la.has(c.id));
  const ended = [...la.values()].filter((c) => !lb.has(c.id));
  const pa = new Map(a.partners.map((p) => [p.state.abbrev, p]));
  const pb = new Map(b.partners.map((p) => [p.state.abbrev, p]));
  const kinds = (p) => `owes ${p.owes.map(words).join(', ') || 'nothing coded'}; owed ${p.owed.map(words).join(', ') || 'nothing coded'}`;
  const gained = [...pb.values()].filter((p) => !pa.has(p.state.abbrev));
  const lost = [...pa.values()].filter((p) => !pb.has(p.state.abbrev));
  const changed = [...pb.values()].filter((p) => pa.has(p.state.abbrev) && kinds(p) !== kinds(pa.get(p.state.abbrev)));
  const ag = (c) => `<li><a href="/agreements/${encodeURIComponent(c.id)}" data-link>${esc(c.title)}</a> <span class="muted">${esc(c.partners.slice(0, 4).map((p) => p.abbrev).join(', '))}${c.partners.length > 4 ? '…' : ''} · ${esc([c.from && `from ${c.from}`, c.until && `until ${c.until}`].filter(Boolean).join(' '))}</span></li>`;
  const list = (items, f) => (items.length ? `<ul class="plain small">${items.map(f).join('')}</ul>` : '<p class="muted small">None.</p>');
  return `<section class="card compare" id="compare"><h2>From ${esc(a.on)} to ${esc(b.on)}</h2>
    <p>In force: <strong>${la.size}</strong> agreements with <strong>${pa.size}</strong> partners on ${esc(a.on)}; <strong>${lb.size}</strong> agreements with <strong>${pb.size}</strong> partners on ${esc(b.on)}.</p>
    <div class="two">
      <div><h3>Came into force <span class="muted">${added.length}</span></h3>${list(added, ag)}</div>
      <div><h3>Ended <span class="muted">${ended.length}</span></h3>${list(ended, ag)}</div>
      <div><h3>Partners gained <span class="muted">${gained.length}</span></h3>${list(gained, (p) => `<li>${stateLink(p.state)} <span class="muted">${esc(kinds(p))}</span></li>`)}</div>
      <div><h3>Partners lost <span class="muted">${lost.length}</span></h3>${list(lost, (p) => `<li>${stateLink(p.state)} <span class="muted">${esc(kinds(p))}</span></li>`)}</div>
    </div>
    <h3>Bound differently <span class="muted">${changed.length}</span></h3>${list(changed, (p) => `<li>${stateLink(p.state)}: <span class="muted">was</span> ${esc(kinds(pa.get(p.state.abbrev)))}; <span class="muted">now</span> ${esc(kinds(p))}</li>`)}
  </section>`;
}

export default async function state(app, [code], params) {
  const on = params.get('on') || today();
  const compare = params.get('compare') || '';
  let d;
  let before = null;
  try {
    [d, before] = await Promise.all([
      api(`/states/${encodeURIComponent(code)}${qs({ on })}`),
      compare ? api(`/states/${encodeURIComponent(code)}${qs({ on: compare })}`) : null,
    ]);
  } catch (e) {
    app.innerHTML = `<h1>State</h1>${errorBox(e)}`;
    return;
  }
  const s = d.state;
  const spells = (s.memberships || []).map((m) => `<li>${esc(m.system.toUpperCase())} member ${esc(m.start)} – ${esc(m.end || 'today')}${m.carried_forward_from ? ` <span class="muted">(carried forward from ${esc(m.carried_forward_from)})</span>` : ''}${m.microstate ? ' (microstate)' : ''}</li>`).join('');
  // The date field offers the days up to today, and says which years have coded data.
  const cov = await coverage();
  const span = cov?.years_with_data;
  const maxDay = cov?.today || '2100-12-31';
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
      <form id="on-form" class="inline"><label>Partners and statuses on <input name="on" type="date" value="${esc(d.on)}" min="1816-01-01" max="${esc(maxDay)}"${span ? ` title="Coded data ${span[0]}–${span[1]}; later days carry the last coded data forward"` : ''}></label>
        <label>compared with <input name="compare" type="date" value="${esc(compare)}" min="1816-01-01" max="${esc(maxDay)}"></label><button>Show</button></form>
    </header>
    ${coverageBanner(d.coverage)}
    ${before ? comparison(before.on <= d.on ? before : d, before.on <= d.on ? d : before) : ''}
    <div class="layout">
      <div class="maincol">
        <section class="card"><h2>Partners on ${esc(d.on)} <span class="muted">${d.partners.length}</span></h2><div id="map" class="map"></div></section>
        <section class="card"><h2>Commitments over time</h2><div id="years" class="chart short"></div></section>
        <section class="card"><h2>Agreements <span class="muted">${d.commitments.length}</span></h2>
          ${table(['Agreement', 'Partners', 'Owes', 'Is owed', 'In force from', 'Until', `Status on ${esc(d.on)}`], rows, 'commitments')}</section>
        <section class="card" id="track-record"><h2>Track record</h2><p class="muted">Loading…</p></section>
      </div>
      <aside class="sidecol">
        <section class="card"><h2>System membership</h2><ul class="plain">${spells || '<li class="muted">none recorded</li>'}</ul>
          <p>${d.member_on ? 'A COW system member' : 'Not a COW system member'} on ${esc(d.on)}${d.member_carried_forward_from ? ` (carried forward from ${esc(d.member_carried_forward_from)}, the COW system's last coded day)` : ''}.</p></section>
        <section class="card" id="place"><h2>Place in the network</h2><p class="muted">Loading…</p></section>
        <section class="card"><h2>Partners on ${esc(d.on)}</h2><ul class="plain small">${d.partners.map((p) => `<li>${stateLink(p.state)} <span class="muted">${esc([...new Set([...p.owes, ...p.owed])].map(words).join(', ') || p.families.map(words).join(', '))}</span></li>`).join('') || '<li class="muted">none</li>'}</ul></section>
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
    const f = new FormData(e.target);
    navigate(`/states/${encodeURIComponent(code)}${qs({ on: f.get('on'), compare: f.get('compare') })}`);
  });
  const track = app.querySelector('#track-record');
  api(`/states/${encodeURIComponent(code)}/track-record`)
    .then((t) => {
      track.innerHTML = `<h2>Track record</h2><p class="muted small">In the wars and militarized disputes on record, judged by the casus foederis engine (the reliability record).</p>
        <h3>As the state bound to act</h3>${trackRecord(t.as_obligor, { withAgreement: true, label: 'track record as obligor', source: `/api/v1/states/${encodeURIComponent(code)}/track-record` })}
        <h3>As the state owed help</h3>${trackRecord(t.as_beneficiary, { withAgreement: true, label: 'track record as beneficiary', source: `/api/v1/states/${encodeURIComponent(code)}/track-record` })}`;
    })
    .catch((e) => { track.innerHTML = `<h2>Track record</h2><p class="muted">${esc(e.message)}</p>`; });
  const year = Number(d.on.slice(0, 4));
  const place = app.querySelector('#place');
  try {
    const net = await api(`/network/${year}${qs({ ties: 'any' })}`);
    const node = net.nodes.find((n) => n.code === s.ccode);
    if (!node) {
      place.innerHTML = `<h2>Place in the network</h2><p class="muted">Not in the ${year} network (no system membership that year).</p>`;
    } else {
      const fmt = (x) => (x === null || x === undefined ? '—' : (Number.isInteger(x) ? x : Number(x).toFixed(3)));
      const rows = [['degree', 'ties (partners)'], ['betweenness', 'betweenness'], ['closeness', 'closeness'], ['eigenvector', 'eigenvector centrality'], ['community', 'community that year'], ['bloc', 'bloc (over time)']];
      place.innerHTML = `<h2>Place in the network, ${year}</h2><p class="muted small">Ties: any ATOP obligation; ${net.summary.states} states, ${net.summary.ties} ties.</p>
        <table class="kv">${rows.map(([k, label]) => `<tr><th>${esc(label)}</th><td>${fmt(node[k])}</td></tr>`).join('')}</table>
        <p><a href="/network${qs({ year, focus: s.abbrev })}" data-link>See it in the network →</a></p>`;
    }
  } catch (e) {
    place.innerHTML = `<h2>Place in the network</h2><p class="muted">${esc(e.message)}</p>`;
  }
  return () => chart.dispose();
}
