// Scenarios: the casus foederis of an attack, and a cascade simulation drawn as
// distributions (who joins, coalition sizes, the capability balance).
import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, qs } from '../api.js';
import { esc, errorBox, words, stateLink, table } from '../ui.js';

echarts.use([BarChart, BoxplotChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const PLACES = ['home', 'europe', 'africa', 'middle_east', 'asia', 'americas', 'oceania', 'north_atlantic', 'pacific'];
const VERDICT = { triggered: 'ok', possibly_triggered: 'warn', not_triggered: 'mute', breached: 'bad' };

// Each condition checked, with its outcome; the reasons alone where no condition
// was checked (the reasons repeat the checks that failed or stayed open).
function why(f) {
  if (!f.checks.length) return f.reasons.map(esc).join('; ');
  return `<ul class="conds">${f.checks.map((c) => `<li class="${c.outcome}">${esc(c.condition)}: <strong>${esc(c.outcome)}</strong> — ${esc(c.why)}</li>`).join('')}</ul>`;
}

function finding(f) {
  return `<tr>
    <td>${stateLink(f.obligor)}</td><td class="arrow">→</td><td>${stateLink(f.beneficiary)}</td>
    <td>${esc(words(f.kind))}</td>
    <td><span class="badge ${VERDICT[f.verdict] || 'mute'}">${esc(words(f.verdict))}</span>${f.certainly_in_force ? '' : ' <span class="badge mute" title="in force on the date only under some readings of partial dates">possibly in force</span>'}</td>
    <td><a href="/agreements/${encodeURIComponent(f.agreement.id)}" data-link>${esc(f.agreement.title)}</a>${f.clause ? ` <span class="muted">${esc(f.clause)}</span>` : ''}</td>
    <td class="small">${why(f)}</td></tr>`;
}

// A group of findings; `folded` ones (not triggered, stay out) start collapsed.
function findings(title, list, note, folded = false) {
  if (!list.length) return `<h3>${title} <span class="muted">0</span></h3><p class="muted small">None.</p>`;
  if (folded) {
    return `<details class="findings-group"><summary><h3>${title} <span class="muted">${list.length}</span></h3></summary>${note ? `<p class="muted small">${note}</p>` : ''}
    ${table(['Obligor', '', 'Owed to', 'Type', 'Verdict', 'Agreement', 'Why'], list.map(finding), 'findings', title)}</details>`;
  }
  return `<h3>${title} <span class="muted">${list.length}</span></h3>${note ? `<p class="muted small">${note}</p>` : ''}
    ${table(['Obligor', '', 'Owed to', 'Type', 'Verdict', 'Agreement', 'Why'], list.map(finding), 'findings', title)}`;
}

export default async function scenarios(app, _m, params) {
  const v = {
    attacker: params.get('attacker') || 'PRK', target: params.get('target') || 'ROK', date: params.get('date') || '2015-06-01',
    place: params.get('place') || 'home', provoked: params.get('provoked') || 'no', requested: params.get('requested') || 'yes',
  };
  const sel = (name, opts, cur) => `<select name="${name}">${opts.map((o) => `<option value="${o}" ${o === cur ? 'selected' : ''}>${words(o)}</option>`).join('')}</select>`;
  app.innerHTML = `<h1>Scenarios</h1>
    <p class="lead">Given an attack, which commitments are triggered — and, if states honour them with given probabilities, how a war might spread.</p>
    <form id="sc" class="filters card">
      <label>Attacker<input name="attacker" value="${esc(v.attacker)}" required></label>
      <label>Target<input name="target" value="${esc(v.target)}" required></label>
      <label>Date<input name="date" type="date" value="${esc(v.date)}" required></label>
      <label>Place${sel('place', ['', ...PLACES], v.place)}</label>
      <label>Provoked${sel('provoked', ['unknown', 'yes', 'no'], v.provoked)}</label>
      <label>Target asks for help${sel('requested', ['unknown', 'yes', 'no'], v.requested)}</label>
      <button type="submit" id="run-casus">Evaluate casus foederis</button>
    </form>
    <div id="casus"></div>
    <form id="sim" class="filters card">
      <label>Runs<input name="runs" type="number" min="1" max="100000" value="${esc(params.get('runs') || '2000')}"></label>
      <label>Honour defense<input name="defense" type="number" step="0.05" min="0" max="1" value="${esc(params.get('defense') || '0.75')}"></label>
      <label>Honour offense<input name="offense" type="number" step="0.05" min="0" max="1" value="${esc(params.get('offense') || '0.75')}"></label>
      <label>Honour neutrality<input name="neutrality" type="number" step="0.05" min="0" max="1" value="${esc(params.get('neutrality') || '0.75')}"></label>
      <label>Possibly triggered count as${sel('possibly', ['as_triggered', 'ignore'], params.get('possibly') || 'as_triggered')}</label>
      <label>Seed<input name="seed" type="number" min="0" value="${esc(params.get('seed') || '1914')}"></label>
      <button type="submit" id="run-sim">Run cascade simulation</button>
    </form>
    <div id="simout"></div>`;
  const form = app.querySelector('#sc');
  const scenario = () => Object.fromEntries(new FormData(form));
  const charts = [];
  const runCasus = async () => {
    const s = scenario();
    history.replaceState(history.state, '', `/scenarios${qs({ ...Object.fromEntries(new URLSearchParams(location.search)), ...s })}`);
    const out = app.querySelector('#casus');
    out.innerHTML = '<div class="loading">Evaluating…</div>';
    try {
      const e = await api(`/casus-foederis${qs(s)}`);
      out.innerHTML = `<section class="card result-casus"><h2>${esc(e.attacker.name)} attacks ${esc(e.target.name)} on ${esc(e.scenario.date)}</h2>
        <ul class="muted notes">${e.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
        ${findings('Bound to act', e.act.filter((f) => f.verdict !== 'not_triggered'), 'Defense owed to the target and offense owed to the attacker that the attack triggers, or may trigger.')}
        ${findings('Not triggered', e.act.filter((f) => f.verdict === 'not_triggered'), 'Obligations to act whose conditions the attack does not meet.', true)}
        ${findings('Bound to stay out', e.stay_out, 'Neutrality and nonaggression owed to a belligerent.', true)}
        ${findings('Bound to consult', e.consult)}
        ${findings('Between the belligerents', e.between_belligerents)}
        ${e.conflicts.length ? `<h3>Pulled both ways</h3><ul>${e.conflicts.map((c) => `<li>${stateLink(c.state)}: ${c.pulls.map(esc).join('; ')}</li>`).join('')}</ul>` : ''}</section>`;
    } catch (err) {
      out.innerHTML = errorBox(err);
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); runCasus(); });
  app.querySelector('#sim').addEventListener('submit', async (e) => {
    e.preventDefault();
    const o = Object.fromEntries(new FormData(e.target));
    const s = scenario();
    history.replaceState(history.state, '', `/scenarios${qs({ ...s, ...o })}`);
    const body = {
      attacker: s.attacker, target: s.target, date: s.date, place: s.place ? [s.place] : [], provoked: s.provoked, requested: s.requested,
      runs: Number(o.runs), seed: Number(o.seed), possibly: o.possibly,
      honour: { defense: Number(o.defense), offense: Number(o.offense), neutrality: Number(o.neutrality), nonaggression: Number(o.neutrality) },
    };
    const out = app.querySelector('#simout');
    out.innerHTML = '<div class="loading">Simulating…</div>';
    charts.splice(0).forEach((c) => c.dispose());
    let r;
    try {
      r = await api('/simulations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    } catch (err) {
      out.innerHTML = errorBox(err);
      return;
    }
    const top = r.states.filter((x) => x.target_side + x.attacker_side > 0).slice(0, 20);
    out.innerHTML = `<section class="card result-sim"><h2>Cascade: ${r.options.runs.toLocaleString()} runs</h2>
      <p class="muted small">Trigger graph: ${r.graph.states} states, ${r.graph.to_act} obligations to act, ${r.graph.to_stay_out} to stay out. Seed ${r.options.seed}.</p>
      <div class="two"><div><h3>Who joins</h3><div id="c-join" class="chart"></div></div>
      <div><h3>Coalition sizes</h3><div id="c-size" class="chart"></div>
        <p class="small">Target's side: mean ${r.coalitions.target_side.mean.toFixed(2)} states (5–95%: ${r.coalitions.target_side.p05}–${r.coalitions.target_side.p95}); attacker's side: mean ${r.coalitions.attacker_side.mean.toFixed(2)} (${r.coalitions.attacker_side.p05}–${r.coalitions.attacker_side.p95}).</p></div></div>
      ${r.capability ? `<h3>Capability balance (${r.capability.year}, share of CINC)</h3><div id="c-cap" class="chart short"></div><p class="small">The target's side is stronger in ${(r.capability.target_side_stronger * 100).toFixed(1)}% of runs.</p>` : '<p class="muted">No capability data (NMC) for the year: the balance is not computed.</p>'}
      <h3>Most common cascades</h3><ol class="small chains">${r.chains.map((c) => `<li><strong>${(c.share * 100).toFixed(1)}%</strong> of runs, ${c.links.length} link${c.links.length === 1 ? '' : 's'}: ${c.links.slice(0, 8).map((l) => `${esc(l.from.abbrev)} → ${esc(l.to.abbrev)} <span class="muted">(${esc(words(l.kind))})</span>`).join(', ') || 'no one joins'}${c.links.length > 8 ? ` <span class="muted">and ${c.links.length - 8} more</span>` : ''}</li>`).join('')}</ol>
      <details><summary>The model's assumptions</summary><ul class="small">${r.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul></details></section>`;
    const join = echarts.init(out.querySelector('#c-join'));
    join.setOption({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (x) => `${(x * 100).toFixed(1)}%` },
      legend: { top: 0 }, grid: { left: 60, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'value', max: 1, axisLabel: { formatter: (x) => `${x * 100}%` } },
      yAxis: { type: 'category', data: top.map((x) => x.state.abbrev).reverse() },
      series: [
        { name: "target's side", type: 'bar', stack: 's', data: top.map((x) => x.target_side).reverse(), itemStyle: { color: '#1f5fbf' } },
        { name: "attacker's side", type: 'bar', stack: 's', data: top.map((x) => x.attacker_side).reverse(), itemStyle: { color: '#c0392b' } },
      ],
    });
    charts.push(join);
    const tally = (key) => {
      const m = new Map();
      for (const j of r.coalitions.joint) m.set(j[key], (m.get(j[key]) || 0) + j.share);
      return m;
    };
    const t = tally('target_side');
    const a = tally('attacker_side');
    const maxSize = Math.max(0, ...t.keys(), ...a.keys());
    // Sizes in bins, so that a long tail stays readable.
    const bin = Math.max(1, Math.ceil((maxSize + 1) / 30));
    const binned = (m) => {
      const out = new Map();
      for (const [k, v] of m) out.set(Math.floor(k / bin), (out.get(Math.floor(k / bin)) || 0) + v);
      return out;
    };
    const tb = binned(t);
    const ab = binned(a);
    const bins = Array.from({ length: Math.floor(maxSize / bin) + 1 }, (_, i) => i);
    const label = (i) => (bin === 1 ? String(i) : `${i * bin}–${i * bin + bin - 1}`);
    const size = echarts.init(out.querySelector('#c-size'));
    size.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (x) => `${(x * 100).toFixed(1)}%` }, legend: { top: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: bins.map(label), name: 'states on the side', nameLocation: 'middle', nameGap: 40, axisLabel: { rotate: bin > 1 ? 45 : 0 } }, yAxis: { type: 'value', max: 1, axisLabel: { formatter: (x) => `${Math.round(x * 100)}%` } },
      series: [
        { name: "target's side", type: 'bar', data: bins.map((i) => tb.get(i) || 0), itemStyle: { color: '#1f5fbf' } },
        { name: "attacker's side", type: 'bar', data: bins.map((i) => ab.get(i) || 0), itemStyle: { color: '#c0392b' } },
      ],
    });
    charts.push(size);
    if (r.capability) {
      const cap = echarts.init(out.querySelector('#c-cap'));
      const box = (d) => [d.min, d.p05, d.p50, d.p95, d.max];
      cap.setOption({
      animation: false,
        tooltip: { trigger: 'item' }, grid: { left: 110, right: 20, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: 'CINC' }, yAxis: { type: 'category', data: ["attacker's side", "target's side"] },
        series: [{ type: 'boxplot', data: [box(r.capability.attacker_side), box(r.capability.target_side)], itemStyle: { color: '#e8eef8', borderColor: '#1f5fbf' } }],
      });
      charts.push(cap);
    }
    out.dataset.done = 'true';
  });
  if (params.get('attacker')) runCasus();
  // A shared link to a simulation runs it again (same seed: the same answer).
  if (params.get('runs')) app.querySelector('#sim').requestSubmit();
  return () => charts.forEach((c) => c.dispose());
}
