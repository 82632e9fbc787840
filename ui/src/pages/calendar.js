// The renewal and notice calendar, by month, with an iCalendar download.
import { api, qs } from '../api.js';
import { esc, errorBox, today } from '../ui.js';
import { navigate } from '../main.js';

const KIND_LABEL = {
  entry_into_force: 'entry into force', expiry: 'expiry', non_renewal_deadline: 'notice deadline', tacit_renewal: 'tacit renewal',
  term_ends: 'term ends', notice_opens: 'notice opens', notice_takes_effect: 'notice takes effect', objection_deadline: 'objection deadline',
  conciliation_available: 'conciliation', ratification_pending: 'ratification pending', provisional_application_ends: 'provisional application ends', other: 'other',
};

export default async function calendar(app, _m, params) {
  const from = params.get('from') || today();
  const to = params.get('to') || `${Number(from.slice(0, 4)) + 5}${from.slice(4)}`;
  const party = params.get('party') || '';
  app.innerHTML = `<h1>Calendar</h1>
    <p class="lead">Entries into force, expiries, tacit renewals and the last day to give notice against them, notices taking effect — computed by the lifecycle engine.</p>
    <form id="cf" class="filters">
      <label>From<input type="date" name="from" value="${esc(from)}"></label>
      <label>To<input type="date" name="to" value="${esc(to)}"></label>
      <label>Party<input name="party" value="${esc(party)}" placeholder="any state"></label>
      <button>Show</button>
      <a class="button light" href="/api/v1/calendar${qs({ from, to, party, format: 'ics' })}">Download .ics</a>
    </form><div id="out"></div>`;
  const form = app.querySelector('#cf');
  form.addEventListener('submit', (e) => { e.preventDefault(); navigate(`/calendar${qs(Object.fromEntries(new FormData(form)))}`); });
  const out = app.querySelector('#out');
  try {
    const cal = await api(`/calendar${qs({ from, to, party })}`);
    const months = new Map();
    for (const it of cal.items) {
      const key = it.date ? String(it.date).slice(0, 7) : 'awaiting an act';
      (months.get(key) || months.set(key, []).get(key)).push(it);
    }
    out.innerHTML = `<p class="muted">${cal.items.length} dates from ${esc(cal.from)} to ${esc(cal.until)}${cal.skipped.length ? ` · ${cal.skipped.length} records left out (they break a lifecycle rule)` : ''}</p>`
      + ([...months.entries()].map(([m, items]) => `<section class="month card"><h3>${esc(m)}</h3><ul class="cal">${items.map((it) => `
        <li><span class="when">${esc(it.date || '—')}${it.exact ? '' : ' <span class="badge mute" title="a bound">bound</span>'}</span>
          <span class="badge cal-${esc(it.kind)}">${esc(KIND_LABEL[it.kind] || it.kind)}</span>
          <a href="/agreements/${encodeURIComponent(it.agreement)}" data-link>${esc(it.title)}</a> — ${esc(it.what)}
          <div class="muted small">${esc(it.rule)}</div></li>`).join('')}</ul></section>`).join('') || '<p class="muted">Nothing falls in this window.</p>');
  } catch (e) {
    out.innerHTML = errorBox(e);
  }
}
