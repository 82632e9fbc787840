// The alliance network of a year: states as nodes, ties by obligation type, blocs
// coloured (stable across years), a year slider that can play the years, click a
// state to open it.
import cytoscape from 'cytoscape';
import { api, qs } from '../api.js';
import { esc, errorBox, PALETTE, debounce, coverage, coverageBanner, KIND_COLORS, table, words } from '../ui.js';
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

// A tie's colour: its strongest obligation.
const STRENGTH = ['defense', 'offense', 'neutrality', 'nonaggression', 'consultation'];
function tieKind(obligations) {
  return STRENGTH.find((k) => obligations.includes(k)) || obligations[0] || 'other';
}

const TIES = [['defense', 'Defense'], ['offense', 'Offense'], ['neutral', 'Neutrality'], ['nonagg', 'Nonaggression'], ['consul', 'Consultation'], ['any', 'Any obligation']];

export default async function network(app, _m, params) {
  const year = Number(params.get('year') || 2000);
  const ties = params.get('ties') || 'defense';
  const focus = params.get('focus') || '';
  // The slider offers the years with ties: to ATOP's last (the state system is
  // carried forward past its own), never past today.
  const cov = await coverage();
  const atop = cov?.sources?.find((s) => s.source === 'atop');
  const lastYear = Math.min(atop?.last_year ?? 2018, Number((cov?.today || '9999').slice(0, 4)));
  app.innerHTML = `<h1>Alliance network</h1>
    <div class="net-controls card">
      <label class="slider">Year <strong id="year-label">${year}</strong>
        <input id="year" type="range" min="1816" max="${lastYear}" step="1" value="${Math.min(year, lastYear)}" aria-label="Year"></label>
      <button type="button" id="play" class="button light" aria-pressed="false" title="Play the years, one after another"><span aria-hidden="true" class="play-icon">▶</span> Play</button>
      <label>Ties <select id="ties">${TIES.map(([v, l]) => `<option value="${v}" ${v === ties ? 'selected' : ''}>${l}</option>`).join('')}</select></label>
      <form id="find" class="inline" role="search" aria-label="Find a state in the network"><label>Find a state <input name="focus" list="net-states" value="${esc(focus)}" placeholder="JPN, Japan…" autocomplete="off"></label><datalist id="net-states"></datalist><button>Show its ties</button></form>
      <a id="graphml" class="button light" href="#">GraphML</a> <a id="json" class="button light" href="#">JSON</a>
    </div>
    <div id="coverage"></div>
    <div id="legend" class="legend card"></div>
    <div class="layout net">
      <div class="maincol"><div id="cy" class="cy" data-ready="false"></div></div>
      <aside class="sidecol"><section class="card" id="neighbours" hidden></section><section class="card" id="summary"></section><section class="card" id="blocs"></section></aside>
    </div>
    <details class="card table-view" id="net-table"><summary>Table of the network: states, ties, blocs</summary><div></div></details>`;
  let current = focus;
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
    if (push) history.replaceState({}, '', `/network${qs({ year: y, ties: t, focus: current })}`);
    app.querySelector('#coverage').innerHTML = coverageBanner(net.coverage);
    const connected = new Set();
    for (const e of net.edges) { connected.add(e.source); connected.add(e.target); }
    const colorOf = blocColors(net.nodes);
    const nodes = net.nodes.filter((n) => connected.has(n.code)).map((n) => ({
      data: { id: String(n.code), label: n.abbrev, name: n.name, bloc: n.bloc, degree: n.degree, color: colorOf(n.bloc) },
    }));
    const edges = net.edges.map((e, i) => ({ data: { id: `e${i}`, source: String(e.source), target: String(e.target), kinds: e.obligations.join(', '), color: KIND_COLORS[tieKind(e.obligations)] || '#b8c0cc' } }));
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
        { selector: 'edge', style: { width: 0.8, 'line-color': 'data(color)', opacity: 0.6, 'curve-style': 'haystack' } },
        { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#111' } },
        { selector: '.faded', style: { opacity: 0.08 } },
        { selector: 'edge.near', style: { width: 2, opacity: 1 } },
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
    // The legend: what node colour, size and tie colour mean in this view.
    const present = [...new Set(net.edges.map((e) => tieKind(e.obligations)))].sort((a, b) => STRENGTH.indexOf(a) - STRENGTH.indexOf(b));
    app.querySelector('#legend').innerHTML = `<strong>Legend</strong> <span class="muted">node colour: its bloc (see the list); node size: its number of ties; tie colour: its strongest obligation —</span>
      ${present.map((k) => `<span class="sw" style="background:${KIND_COLORS[k] || '#b8c0cc'}"></span> ${esc(words(k))}`).join(' ')}`;
    app.querySelector('#net-states').innerHTML = nodes.map((n) => `<option value="${esc(n.data.label)}">${esc(n.data.name)}</option>`).join('');
    // One state's neighbourhood: its ties stand out, the rest fade; the list beside names them.
    const show = (text) => {
      const want = (text || '').trim().toLowerCase();
      cy.elements().removeClass('faded near focus');
      const box = app.querySelector('#neighbours');
      if (!want) { box.hidden = true; return; }
      const node = cy.nodes().filter((n) => n.data('label').toLowerCase() === want || n.data('name').toLowerCase() === want)[0]
        || cy.nodes().filter((n) => n.data('name').toLowerCase().includes(want))[0];
      box.hidden = false;
      if (!node) { box.innerHTML = `<h2>Find a state</h2><p class="muted">No state with ties matches “${esc(text)}” in ${y}.</p>`; return; }
      const hood = node.closedNeighborhood();
      cy.elements().not(hood).addClass('faded');
      hood.edges().addClass('near');
      node.addClass('focus');
      cy.animate({ fit: { eles: hood, padding: 40 } }, { duration: 0 });
      const ties = node.connectedEdges().map((e) => {
        const other = e.source().id() === node.id() ? e.target() : e.source();
        return { abbrev: other.data('label'), name: other.data('name'), kinds: e.data('kinds') };
      }).sort((a, b) => a.name.localeCompare(b.name));
      box.innerHTML = `<h2>${esc(node.data('name'))} in ${y}</h2><p class="small">${ties.length} ties${node.data('bloc') ? `, bloc ${node.data('bloc')}` : ''}. <a href="/states/${encodeURIComponent(node.data('label'))}${qs({ on: `${y}-07-01` })}" data-link>Open the state</a></p>
        <ul class="plain small" id="neighbour-list">${ties.map((x) => `<li><a href="/network${qs({ year: y, ties: t, focus: x.abbrev })}" data-link>${esc(x.name)}</a> <span class="muted">${esc(x.kinds)}</span></li>`).join('')}</ul>`;
    };
    show(current);
    app.querySelector('#find').onsubmit = (e) => {
      e.preventDefault();
      current = new FormData(e.target).get('focus');
      history.replaceState(history.state, '', `/network${qs({ year: y, ties: t, focus: current })}`);
      show(current);
    };
    const rows = [...net.nodes].filter((n) => connected.has(n.code)).sort((a, b) => b.degree - a.degree).map((n) => `<tr><td><a href="/network${qs({ year: y, ties: t, focus: n.abbrev })}" data-link>${esc(n.name)}</a></td><td>${esc(n.abbrev)}</td><td class="num">${n.degree}</td><td>${n.bloc ?? '—'}</td><td class="num">${n.betweenness === null || n.betweenness === undefined ? '—' : Number(n.betweenness).toFixed(3)}</td></tr>`);
    app.querySelector('#net-table div').innerHTML = table(['State', 'Abbrev.', 'Ties', 'Bloc', 'Betweenness'], rows, 'network-states', `network ${y}`);
    const sm = net.summary;
    const f = (x, d = 3) => (x === null || x === undefined ? '—' : Number(x).toFixed(d));
    app.querySelector('#summary').innerHTML = `<h2>${y}: ${esc(TIES.find(([v]) => v === t)?.[1] || t)} ties</h2>
      <table class="kv"><tr><th>States (system members)</th><td>${sm.states}</td></tr><tr><th>Ties</th><td id="tie-count">${sm.ties}</td></tr>
      <tr><th>Density</th><td>${f(sm.density, 4)}</td></tr><tr><th>Mean degree</th><td>${f(sm.mean_degree, 2)}</td></tr>
      <tr><th>Transitivity</th><td>${f(sm.transitivity)}</td></tr><tr><th>Components</th><td>${sm.components} (largest ${sm.largest_component})</td></tr>
      <tr><th>Modularity</th><td>${f(sm.modularity)}</td></tr><tr><th>Communities</th><td>${sm.communities}</td></tr></table>
      <p class="muted small">Only states with ties are drawn (${nodes.length}). Click a state to open it.</p>`;
    const blocs = new Map();
    for (const n of net.nodes) if (n.bloc) (blocs.get(n.bloc) || blocs.set(n.bloc, []).get(n.bloc)).push(n.abbrev);
    app.querySelector('#blocs').innerHTML = `<h2>Blocs in ${y}</h2>${[...blocs.entries()].sort((a, b) => b[1].length - a[1].length).map(([b, m]) => `<p><span class="sw" style="background:${colorOf(b)}"></span> <strong>bloc ${b}</strong> <span class="muted">(${m.length})</span><br><span class="small">${m.slice(0, 24).map(esc).join(', ')}${m.length > 24 ? '…' : ''}</span></p>`).join('') || '<p class="muted">No blocs of three or more states.</p>'}
      <p class="muted small">Blocs are communities (Louvain) followed across years, so a bloc keeps its colour as the year moves.</p>`;
    cyEl.dataset.ready = 'true';
    cyEl.dataset.year = String(y);
  };
  // Play: the slider steps through the years, each drawn before the next (a toggle
  // button: pressed while playing; pressing it again, or moving the slider, pauses).
  const play = app.querySelector('#play');
  let playing = false;
  let timer = null;
  const setPlaying = (on) => {
    playing = on;
    clearTimeout(timer);
    play.setAttribute('aria-pressed', String(on));
    play.querySelector('.play-icon').textContent = on ? '❚❚' : '▶';
    play.title = on ? 'Pause' : 'Play the years, one after another';
  };
  const step = async () => {
    if (!playing) return;
    const y = Number(slider.value) + 1;
    if (y > Number(slider.max)) { setPlaying(false); return; }
    slider.value = String(y);
    await load(y, tiesSel.value, true);
    if (playing) timer = setTimeout(step, 700);
  };
  play.addEventListener('click', () => {
    if (playing) { setPlaying(false); return; }
    setPlaying(true);
    if (Number(slider.value) < Number(slider.max)) { step(); return; }
    // From the end, play again from the first year.
    slider.value = slider.min;
    load(Number(slider.min), tiesSel.value, true).then(() => { if (playing) timer = setTimeout(step, 700); });
  });
  const onSlide = debounce(() => load(Number(slider.value), tiesSel.value, true), 120);
  slider.addEventListener('input', () => { setPlaying(false); label.textContent = slider.value; onSlide(); });
  tiesSel.addEventListener('change', () => { setPlaying(false); load(Number(slider.value), tiesSel.value, true); });
  await load(year, ties, false);
  return () => { setPlaying(false); if (cy) cy.destroy(); if (worker) worker.terminate(); };
}
