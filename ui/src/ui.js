// Small helpers shared by the pages.
import { api } from './api.js';

let coverageP = null;
// How far each dataset reaches (`GET /coverage`: each source's last coded day, the
// years with data), fetched once per visit.
export function coverage() {
  if (!coverageP) coverageP = api('/coverage').catch(() => null);
  return coverageP;
}

// The banner of an answer about dates past some dataset's data: the `coverage`
// field the API gives, in the same words the command line prints.
export function coverageBanner(c) {
  return c ? `<div class="coverage-banner" role="note"><strong>Past the data.</strong> ${esc(c.note)}</div>` : '';
}

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

const STATUS_CLASS = {
  in_force: 'ok', provisionally_applied: 'ok', signed: 'warn', suspended: 'warn',
  terminated: 'dead', abandoned: 'dead', not_signed: 'mute', invalid: 'bad',
};

export function statusBadge(a) {
  const cls = STATUS_CLASS[a.status] || 'mute';
  const label = a.status === 'in_force' && !a.binding ? 'in effect' : (a.status || '').replace(/_/g, ' ');
  return `<span class="badge ${cls}" title="${esc(a.status_text)}">${esc(label)}</span>`;
}

export function bindingBadge(binding) {
  return binding
    ? '<span class="badge legal" title="A treaty: legally binding under the law of treaties">treaty</span>'
    : '<span class="badge nonbinding" title="Not legally binding (most memoranda of understanding): outside the law of treaties">non-binding</span>';
}

export function stateLink(s) {
  return `<a class="chip" href="/states/${encodeURIComponent(s.abbrev)}" data-link title="${esc(s.name)} (COW ${s.ccode})">${esc(s.name)}</a>`;
}

export function partyChips(parties) {
  if (parties.length > 4) {
    return `${parties.slice(0, 3).map(stateLink).join(' ')} <span class="muted">+${parties.length - 3} more</span>`;
  }
  return parties.map(stateLink).join(' ');
}

export function words(s) {
  return String(s ?? '').replace(/_/g, ' ');
}

// A table in a box that scrolls sideways on a narrow screen (the page itself
// never does); the box is a labelled, focusable region so a keyboard can scroll it.
// `label` names the table for screen readers and for its CSV export.
export function table(headers, rows, cls = '', label = '') {
  const name = label || cls.replace(/[-_]/g, ' ') || 'table';
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${esc(name)}"><table class="grid ${cls}" data-name="${esc(name)}"><thead><tr>${headers.map((h) => (h ? `<th scope="col">${h}</th>` : '<td aria-hidden="true"></td>')).join('')}</tr></thead><tbody>${rows.join('') || `<tr><td colspan="${headers.length}" class="muted empty">Nothing to show.</td></tr>`}</tbody></table></div>`;
}

// The text of a cell as shown, for sorting and CSV.
function cellText(td) {
  return (td?.innerText ?? td?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function sortKey(text) {
  const n = text.replace(/[,\s%]/g, '');
  return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : null;
}

/// The rows of a table as CSV (RFC 4180), as shown: header and body, in the shown order.
export function tableCsv(tableEl) {
  const quote = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const headCells = [...(tableEl.tHead?.rows[0]?.cells || [])];
  // Columns without a header (the arrow between obligor and beneficiary) are decoration.
  const skip = new Set(headCells.flatMap((c, i) => (c.getAttribute('aria-hidden') === 'true' ? [i] : [])));
  const keep = (cells) => [...cells].filter((_, i) => !skip.has(i));
  const head = keep(headCells).map((c) => quote(c.textContent.replace(/\s+/g, ' ').replace(/[▲▼↕]/g, '').trim()));
  const body = [...tableEl.tBodies[0].rows].filter((r) => !r.querySelector('td.empty'))
    .map((r) => keep(r.cells).map((c) => quote(cellText(c))).join(','));
  return [head.join(','), ...body].join('\r\n') + '\r\n';
}

/// Saves text as a file in the browser.
export function saveFile(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/// Makes each data table under `root` sortable by any column (a button in each
/// header, so the keyboard reaches it) and adds a CSV export of the rows shown.
export function enhanceTables(root) {
  root.querySelectorAll('table.grid:not([data-enhanced])').forEach((t) => {
    t.dataset.enhanced = 'true';
    const body = t.tBodies[0];
    if (!body || body.querySelector('td.empty')) return;
    const heads = [...(t.tHead?.rows[0]?.cells || [])];
    heads.forEach((th, i) => {
      if (th.tagName !== 'TH' || !th.textContent.trim()) return;
      th.setAttribute('aria-sort', 'none');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      b.innerHTML = `${th.innerHTML} <span aria-hidden="true">↕</span>`;
      b.title = 'Sort by this column';
      th.innerHTML = '';
      th.append(b);
      b.addEventListener('click', () => {
        const asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach((h) => {
          if (h.tagName === 'TH') {
            h.setAttribute('aria-sort', 'none');
            const m = h.querySelector('button.sort span');
            if (m) m.textContent = '↕';
          }
        });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        b.querySelector('span').textContent = asc ? '▲' : '▼';
        const rows = [...body.rows];
        const keyed = rows.map((r, k) => {
          const text = cellText(r.cells[i]);
          return { r, k, text, num: sortKey(text) };
        });
        keyed.sort((x, y) => {
          let c;
          if (x.num !== null && y.num !== null) c = x.num - y.num;
          else if (!x.text !== !y.text) c = x.text ? -1 : 1; // empty cells last
          else c = x.text.localeCompare(y.text, undefined, { numeric: true, sensitivity: 'base' });
          return (asc || !x.text || !y.text ? c : -c) || x.k - y.k;
        });
        body.append(...keyed.map((x) => x.r));
      });
    });
    const wrap = t.closest('.table-wrap') || t;
    const bar = document.createElement('div');
    bar.className = 'table-tools';
    const name = t.dataset.name || 'table';
    bar.innerHTML = `<button type="button" class="link-button csv">Download CSV <span class="visually-hidden">of ${esc(name)}</span></button>`;
    bar.querySelector('button').addEventListener('click', () => saveFile(`${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'table'}.csv`, 'text/csv', tableCsv(t)));
    wrap.after(bar);
  });
}

export function errorBox(e) {
  const field = e.body?.field ? ` <span class="muted">(field <code>${esc(e.body.field)}</code>)</span>` : '';
  return `<div class="error-box"><strong>${esc(e.body?.error || 'error')}</strong>: ${esc(e.message)}${field}</div>`;
}

// Colours of obligation types: used for borders and chart lines, never as the
// colour of text (several are too light for text on white).
export const KIND_COLORS = {
  defense: '#c0392b', offense: '#8e44ad', neutrality: '#2471a3', nonaggression: '#17a589',
  consultation: '#d4ac0d', training: '#5d6d7e', exercises: '#7f8c8d', intelligence_sharing: '#34495e',
  logistics_support: '#a04000', basing: '#6e2c00', technology_transfer: '#1e8449', procurement: '#b9770e',
  military_aid: '#922b21',
};

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#17becf', '#bcbd22', '#393b79'];

export function today() {
  return new Date().toISOString().slice(0, 10);
}

// A track record (GET /agreements/{id}/track-record, or one half of
// /states/{code}/track-record): counts, the rate honoured with its interval,
// and the decided cases (the first SHOWN; the rest in the API's JSON).
export function trackRecord(t, { withAgreement = false, label = 'track record', source = '' } = {}) {
  const a = t.all;
  const n = a.honoured + a.violated + a.not_triggered + a.undetermined;
  if (!n) return '<p class="muted">No case in the wars and disputes judged.</p>';
  const pct = (x) => `${Math.round(x * 100)}%`;
  const rate = a.rate === null || a.rate === undefined
    ? '<span class="muted">no decided case</span>'
    : `<strong>${pct(a.rate)}</strong> honoured of decided cases <span class="muted">(95% interval ${pct(a.low)}–${pct(a.high)})</span>`;
  const code = (c) => `<a href="/states/${c}" data-link>${c}</a>`;
  const SHOWN = 100;
  const rows = t.cases.slice(0, SHOWN).map((j) => `<tr><td>${esc(j.date)}</td><td>${esc(j.event)} ${j.number}</td>
    <td>${code(j.obligor)}</td><td>${code(j.beneficiary)}</td><td>${esc(words(j.kind))}</td>
    ${withAgreement ? `<td><a href="/agreements/${encodeURIComponent(j.agreement)}" data-link>${esc(j.agreement_title || j.agreement)}</a></td>` : ''}
    <td><span class="badge ${j.verdict === 'honoured' ? 'ok' : j.verdict === 'violated' ? 'bad' : ''}">${esc(words(j.verdict))}</span></td>
    <td class="small">${esc(j.reason)}</td></tr>`);
  const heads = ['Date', 'Event', 'Obligor', 'Beneficiary', 'Type', ...(withAgreement ? ['Agreement'] : []), 'Verdict', 'Why'];
  return `<p>${a.honoured} honoured, ${a.violated} violated, ${a.not_triggered} not triggered, ${a.undetermined} undetermined: ${rate}.</p>
    ${t.by_kind.length > 1 ? `<p class="muted small">${t.by_kind.map((k) => `${esc(words(k.group))}: ${k.honoured} of ${k.honoured + k.violated}`).join(' · ')}</p>` : ''}
    ${table(heads, rows, 'track', label)}
    ${t.cases.length > SHOWN ? `<p class="muted small">The first ${SHOWN} of ${t.cases.length} decided cases; all of them in <a href="${esc(source)}">the JSON</a>, and every verdict in <code>foedus reliability --out verdicts.csv</code>.</p>` : ''}
    <p class="muted small">${t.notes.map(esc).join('; ')}.</p>`;
}

// The rows of a write's diff (`{path, before, after}`) for a Field/Before/After table.
export function diffRows(diff) {
  return diff.slice(0, 30).map((d) => `<tr><td><code>${esc(d.path || '(whole record)')}</code></td>
    <td class="diff-old">${d.before === undefined || d.before === null ? '<span class="muted">—</span>' : `<code>${esc(JSON.stringify(d.before)).slice(0, 200)}</code>`}</td>
    <td class="diff-new">${d.after === undefined || d.after === null ? '<span class="muted">—</span>' : `<code>${esc(JSON.stringify(d.after)).slice(0, 200)}</code>`}</td></tr>`).join('')
    + (diff.length > 30 ? `<tr><td colspan="3" class="muted">and ${diff.length - 30} more changes</td></tr>` : '');
}
