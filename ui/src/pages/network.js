// The alliance network of a year: states as nodes, ties by obligation type, blocs
// coloured (stable across years), a year slider, click a state to open it.
import cytoscape from 'cytoscape';
import { api, qs } from '../api.js';
import { esc, errorBox, PALETTE, debounce } from '../ui.js';
import { navigate } from '../main.js';

// A colour per bloc, the same across years (by bloc number), never two blocs of
// one year in the same colour.
function blocColors(nodes) {
  const ids = [...new Set(nodes.map((n) => n.bloc).filter(Boolean))].sort((a, b) => a - b);
  const used = new Set();
  const map = new Map();
  for (const id of ids) {
    let i = (id * 5) % PALETTE.length;
    for (let k = 0; k < PALETTE.length && used.has(i); k++) i = (i + 1) % PALETTE.length;
    used.add(i);
    map.set(id, PALETTE[i]);
  }
  return (b) => (b ? map.get(b) : '#9aa3af');
}

const TIES = [['defense', 'Defense'], ['offense', 'Offense'], ['neutral', 'Neutrality'], ['nonagg', 'Nonaggression'], ['consul', 'Consultation'], ['any', 'Any obligation']];

export default async function network(app, _m, params) {
  const year = Number(params.get('year') || 2000);
  const ties = params.get('ties') || 'defense';
  const focus = params.get('focus') || '';
  app.innerHTML = `<h1>Alliance network</h1>
    <div class="net-controls card">
      <label class="slider">Year <strong id="year-label">${year}</strong>
        <input id="year" type="range" min="1816" max="2018" step="1" value="${year}" aria-label="Year"></label>
      <label>Ties <select id="ties">${TIES.map(([v, l]) => `<option value="${v}" ${v === ties ? 'selected' : ''}>${l}</option>`).join('')}</select></label>
      <a id="graphml" class="button light" href="#">GraphML</a> <a id="json" class="button light" href="#">JSON</a>
    </div>
    <div class="layout net">
      <div class="maincol"><div id="cy" class="cy" data-ready="false"></div></div>
      <aside class="sidecol"><section class="card" id="summary"></section><section class="card" id="blocs"></section></aside>
    </div>`;
  const cyEl = app.querySelector('#cy');
  const slider = app.querySelector('#year');
  const tiesSel = app.querySelector('#ties');
  const label = app.querySelector('#year-label');
  let cy = null;
  let worker = null;
  const positions = new Map();
  let seq = 0;
  const load = async (y, t, push) => {
    const my = ++seq;
    label.textContent = y;
    app.querySelector('#graphml').href = `/api/v1/network/${y}${qs({ ties: t, format: 'graphml' })}`;
    app.querySelector('#json').href = `/api/v1/network/${y}${qs({ ties: t })}`;
    cyEl.dataset.ready = 'false';
    let net;
    try {
      const pre = window.__foedusPrefetch;
      window.__foedusPrefetch = null;
      net = (pre && pre.key === `${y}:${t}` && await pre.data) || await api(`/network/${y}${qs({ ties: t })}`);
    } catch (e) {
      if (my === seq) app.querySelector('#summary').innerHTML = errorBox(e);
      return;
    }
    if (my !== seq) return;
    if (push) history.replaceState({}, '', `/network${qs({ year: y, ties: t })}`);
    const connected = new Set();
    for (const e of net.edges) { connected.add(e.source); connected.add(e.target); }
    const colorOf = blocColors(net.nodes);
    const nodes = net.nodes.filter((n) => connected.has(n.code)).map((n) => ({
      data: { id: String(n.code), label: n.abbrev, name: n.name, bloc: n.bloc, degree: n.degree, color: colorOf(n.bloc) },
    }));
    const edges = net.edges.map((e, i) => ({ data: { id: `e${i}`, source: String(e.source), target: String(e.target), kinds: e.obligations.join(', ') } }));
    if (cy) cy.destroy();
    const key = `${y}:${t}`;
    const known = positions.get(key);
    // Drawn at once (blocs on a circle, or the positions already computed), so the
    // page answers input at once; the force-directed layout runs in a worker.
    cy = cytoscape({
      container: cyEl,
      elements: [...nodes, ...edges],
      style: [
        { selector: 'node', style: { 'background-color': 'data(color)', label: 'data(label)', 'font-size': 9, width: 'mapData(degree, 0, 40, 10, 34)', height: 'mapData(degree, 0, 40, 10, 34)', color: '#1d2433', 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 2 } },
        { selector: 'edge', style: { width: 0.8, 'line-color': '#b8c0cc', opacity: 0.7, 'curve-style': 'haystack' } },
        { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#111' } },
      ],
      layout: known ? { name: 'preset', positions: known, fit: true, padding: 20 } : { name: 'circle', sort: (a, b) => (a.data('bloc') || 0) - (b.data('bloc') || 0), fit: true, padding: 20 },
      pixelRatio: 1,
      hideEdgesOnViewport: true,
      textureOnViewport: true,
    });
    cyEl.dataset.layout = known ? 'done' : 'pending';
    if (!known) {
      worker ||= new Worker(new URL('./layout-worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = (msg) => {
        positions.set(msg.data.key, msg.data.positions);
        if (msg.data.key !== `${cyEl.dataset.year}:${tiesSel.value}` || !cy) return;
        cy.nodes().positions((n) => msg.data.positions[n.id()]);
        cy.fit(undefined, 20);
        cyEl.dataset.layout = 'done';
      };
      worker.postMessage({ key, elements: [...nodes, ...edges].map((e) => ({ data: { id: e.data.id, source: e.data.source, target: e.data.target, degree: e.data.degree } })) });
    }
    cy.on('tap', 'node', (evt) => navigate(`/states/${encodeURIComponent(evt.target.data('label'))}${qs({ on: `${y}-07-01` })}`));
    cy.on('mouseover', 'node', (evt) => { cyEl.title = `${evt.target.data('name')} — ${evt.target.data('degree')} ties${evt.target.data('bloc') ? `, bloc ${evt.target.data('bloc')}` : ''}`; });
    if (focus) cy.$(`node[label = "${focus.replace(/"/g, '')}"]`).addClass('focus');
    const sm = net.summary;
    const f = (x, d = 3) => (x === null || x === undefined ? '—' : Number(x).toFixed(d));
    app.querySelector('#summary').innerHTML = `<h3>${y}: ${esc(TIES.find(([v]) => v === t)?.[1] || t)} ties</h3>
      <table class="kv"><tr><th>States (system members)</th><td>${sm.states}</td></tr><tr><th>Ties</th><td id="tie-count">${sm.ties}</td></tr>
      <tr><th>Density</th><td>${f(sm.density, 4)}</td></tr><tr><th>Mean degree</th><td>${f(sm.mean_degree, 2)}</td></tr>
      <tr><th>Transitivity</th><td>${f(sm.transitivity)}</td></tr><tr><th>Components</th><td>${sm.components} (largest ${sm.largest_component})</td></tr>
      <tr><th>Modularity</th><td>${f(sm.modularity)}</td></tr><tr><th>Communities</th><td>${sm.communities}</td></tr></table>
      <p class="muted small">Only states with ties are drawn (${nodes.length}). Click a state to open it.</p>`;
    const blocs = new Map();
    for (const n of net.nodes) if (n.bloc) (blocs.get(n.bloc) || blocs.set(n.bloc, []).get(n.bloc)).push(n.abbrev);
    app.querySelector('#blocs').innerHTML = `<h3>Blocs in ${y}</h3>${[...blocs.entries()].sort((a, b) => b[1].length - a[1].length).map(([b, m]) => `<p><span class="sw" style="background:${colorOf(b)}"></span> <strong>bloc ${b}</strong> <span class="muted">(${m.length})</span><br><span class="small">${m.slice(0, 24).map(esc).join(', ')}${m.length > 24 ? '…' : ''}</span></p>`).join('') || '<p class="muted">No blocs of three or more states.</p>'}
      <p class="muted small">Blocs are communities (Louvain) followed across years, so a bloc keeps its colour as the year moves.</p>`;
    cyEl.dataset.ready = 'true';
    cyEl.dataset.year = String(y);
  };
  const onSlide = debounce(() => load(Number(slider.value), tiesSel.value, true), 120);
  slider.addEventListener('input', () => { label.textContent = slider.value; onSlide(); });
  tiesSel.addEventListener('change', () => load(Number(slider.value), tiesSel.value, true));
  await load(year, ties, false);
  return () => { if (cy) cy.destroy(); if (worker) worker.terminate(); };
}
