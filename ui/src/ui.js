// Small helpers shared by the pages.

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

export function table(headers, rows, cls = '') {
  return `<table class="grid ${cls}"><thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('') || `<tr><td colspan="${headers.length}" class="muted empty">Nothing to show.</td></tr>`}</tbody></table>`;
}

export function errorBox(e) {
  const field = e.body?.field ? ` <span class="muted">(field <code>${esc(e.body.field)}</code>)</span>` : '';
  return `<div class="error-box"><strong>${esc(e.body?.error || 'error')}</strong>: ${esc(e.message)}${field}</div>`;
}

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
