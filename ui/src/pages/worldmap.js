// A world map of a state's partners on a date: world-atlas borders (bundled),
// drawn with d3-geo as SVG, and the same partners as a table. Countries are
// matched by ISO 3166 numeric code.
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';
import countries from 'i18n-iso-countries';
import { esc, table, stateLink, words } from '../ui.js';

// COW states with no ISO code of their own, drawn on today's territory.
const HISTORIC = { 255: 'DEU', 260: 'DEU', 265: 'DEU', 300: 'AUT', 315: 'CZE', 345: 'SRB', 365: 'RUS', 678: 'YEM', 680: 'YEM', 817: 'VNM', 816: 'VNM' };

const land = feature(world, world.objects.countries);

function numericOf(ref) {
  const iso3 = ref.iso3 || HISTORIC[ref.ccode];
  if (!iso3) return null;
  return countries.alpha3ToNumeric(iso3) || null;
}

// A partner's tie as the map colours it: [class, words].
const TIES = { defense: 'defense ties', alliance: 'other alliance obligations', coop: 'cooperation (no ATOP obligation)' };
function tieOf(p) {
  const k = p.owes.includes('defense') || p.owed.includes('defense') ? 'defense' : (p.owes.length || p.owed.length ? 'alliance' : 'coop');
  return [k, TIES[k]];
}

// The map's data as a table (the keyboard's and screen reader's way to it): each
// partner with its tie type as coloured, what it owes and is owed, and the agreements.
function partnerTable(partners) {
  const rows = [...partners].sort((a, b) => a.state.name.localeCompare(b.state.name)).map((p) => {
    const [k, label] = tieOf(p);
    return `<tr data-abbrev="${esc(p.state.abbrev)}" data-tie="${k}"><td>${stateLink(p.state)}</td><td><span class="sw ${k}" aria-hidden="true"></span> ${esc(label)}</td>
      <td>${esc(p.owes.map(words).join(', ') || '—')}</td><td>${esc(p.owed.map(words).join(', ') || '—')}</td>
      <td class="num">${p.agreements.length}</td><td>${numericOf(p.state) ? 'yes' : '<span class="muted">no shape on today\'s map</span>'}</td></tr>`;
  });
  return `<details class="table-view" id="map-table"><summary>Show the map as a table <span class="muted">(${partners.length} partners)</span></summary>
    ${table(['Partner', 'Tie', 'Owes', 'Is owed', 'Agreements', 'On the map'], rows, 'map-partners', 'partners on the map')}</details>`;
}

export function drawMap(el, self, partners, onClick) {
  const width = 960;
  const height = 480;
  const projection = geoNaturalEarth1().fitSize([width, height], { type: 'Sphere' });
  const path = geoPath(projection);
  const byNum = new Map();
  for (const p of partners) {
    const n = numericOf(p.state);
    if (n) byNum.set(n, p);
  }
  const selfNum = numericOf(self);
  const shapes = land.features.map((f) => {
    const id = String(f.id).padStart(3, '0');
    const p = byNum.get(id);
    let cls = 'land';
    let title = f.properties?.name || '';
    if (id === selfNum) { cls = 'land self'; title = `${self.name} (this state)`; }
    else if (p) {
      cls = `land ${tieOf(p)[0]}`;
      title = `${p.state.name}: ${p.agreements.length} agreement(s) in force; owes ${p.owes.join(', ') || 'nothing coded'}; owed ${p.owed.join(', ') || 'nothing coded'}`;
    }
    return `<path class="${cls}" d="${path(f)}" data-abbrev="${p ? esc(p.state.abbrev) : ''}"><title>${esc(title)}</title></path>`;
  }).join('');
  el.innerHTML = `<svg viewBox="0 0 ${width} ${height}" class="worldmap" role="img" aria-label="Partners on the map">
    <path class="sphere" d="${path({ type: 'Sphere' })}"></path>${shapes}</svg>
    <div class="legend"><span class="sw self"></span> this state <span class="sw defense"></span> defense ties <span class="sw alliance"></span> other alliance obligations <span class="sw coop"></span> cooperation (no ATOP obligation) <span class="muted">— ${partners.length} partners; ${partners.filter((p) => !numericOf(p.state)).length} without a shape on today's map</span></div>
    ${partnerTable(partners)}`;
  el.querySelectorAll('path[data-abbrev]').forEach((node) => {
    if (node.dataset.abbrev) node.addEventListener('click', () => onClick(node.dataset.abbrev));
  });
}
