// The renewal and notice calendar, by month, with an iCalendar download.
import { api, qs } from '../api.js';
import { esc, errorBox, today } from '../ui.js';
import { navigate } from '../main.js';

const KIND_LABEL = {
  entry_into_force: 'entry into force', expiry: 'expiry', non_renewal_deadline: 'notice deadline', tacit_renewal: 'tacit renewal',
  term_ends: 'term ends', notice_opens: 'notice opens', notice_takes_effect: 'notice takes effect', objection_deadline: 'objection deadline',
  conciliation_available: 'conciliation', ratification_pending: 'ratification pending', provisional_application_ends: 'provisional application ends', other: 'other',
};

// The kinds an analyst filters by, most asked first.
const KIND_FILTERS = ['non_renewal_deadline', 'expiry', 'tacit_renewal', 'entry_into_force', 'notice_takes_effect', 'term_ends', 'notice_opens', 'objection_deadline', 'ratification_pending'];

export default async function calendar(app, _m, params) {
  const from = params.get('from') || today();
  const to = params.get('to') || `${Number(from.slice(0, 4)) + 5}${from.slice(4)}`;
  const party = params.get('party') || '';
  const kinds = (params.get('kind') || '').split(',').filter(Boolean);
  const kind = kinds.join(',');
  app.innerHTML = `<h1>Calendar</h1>
    <p class="lead">Entries into force, expiries, tacit renewals and the last day to give notice against them, notices taking effect — computed by the lifecycle engine.</p>
    <form id="cf" class="filters">
      <label>From<input type="date" name="from" value="${esc(from)}"></label>
      <label>To<input type="date" name="to" value="${esc(to)}"></label>
      <label>Party<input name="party" value="${esc(party)}" placeholder="any state"></label>
      <fieldset class="kinds"><legend>Kinds of date <span class="muted">(none ticked: all)</span></legend>
        ${KIND_FILTERS.map((k) => `<label class="check"><input type="checkbox" name="kind" value="${k}" ${kinds.includes(k) ? 'checked' : ''}> ${esc(KIND_LABEL[k])}</label>`).join('')}</fieldset>
      <button>Show</button>
      <a class="button light" id="ics" href="/api/v1/calendar${qs({ from, to, party, kind, format: 'ics' })}">Download .ics <span class="visually-hidden">of these dates</span></a>
    </form><div id="out"></div>`;
  const form = app.querySelector('#cf');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(form);
    navigate(`/calendar${qs({ from: f.get('from'), to: f.get('to'), party: f.get('party'), kind: f.getAll('kind').join(',') })}`);
  });
  const out = app.querySelector('#out');
  try {
    const cal = await api(`/calendar${qs({ from, to, party, kind })}`);
    const months = new Map();
    for (const it of cal.items) {
      const key = it.date ? String(it.date).slice(0, 7) : 'awaiting an act';
      (months.get(key) || months.set(key, []).get(key)).push(it);
    }
    const byKind = new Map();
    for (const it of cal.items) byKind.set(it.kind, (byKind.get(it.kind) || 0) + 1);
    out.innerHTML = `<p class="muted">${cal.items.length} dates from ${esc(cal.from)} to ${esc(cal.until)}${kinds.length ? ` of ${kinds.length} kind${kinds.length > 1 ? 's' : ''}` : ''}${cal.skipped.length ? ` · ${cal.skipped.length} records left out (they break a lifecycle rule)` : ''}</p>
      <p class="small">${[...byKind.entries()].map(([k, n]) => `<span class="badge cal-${esc(k)}">${esc(KIND_LABEL[k] || k)} ${n}</span>`).join(' ')}</p>
      ${(cal.notes || []).map((n) => `<p class="muted small">${esc(n)}</p>`).join('')}`
      + ([...months.entries()].map(([m, items]) => `<section class="month card"><h2>${esc(m)}</h2><ul class="cal">${items.map((it) => `
        <li><span class="when">${esc(it.date || '—')}${it.exact ? '' : ' <span class="badge mute" title="a bound">bound</span>'}</span>
          <span class="badge cal-${esc(it.kind)}">${esc(KIND_LABEL[it.kind] || it.kind)}</span>
          <a href="/agreements/${encodeURIComponent(it.agreement)}" data-link>${esc(it.title)}</a> — ${esc(it.what)}
          <div class="muted small">${esc(it.rule)}</div></li>`).join('')}</ul></section>`).join('') || '<p class="muted">Nothing falls in this window.</p>');
  } catch (e) {
    out.innerHTML = errorBox(e);
  }
}
