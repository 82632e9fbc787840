// One agreement: parties, directed obligations and their conditions, provisions,
// clauses, the timeline with computed next dates, sources, and the write history.
import { api, qs } from '../api.js';
import { esc, statusBadge, bindingBadge, stateLink, table, words, errorBox, KIND_COLORS } from '../ui.js';
import { navigate } from '../main.js';

function condition(c) {
  switch (c.type) {
    case 'adversary': return c.states?.length ? `only against ${c.states.map((s) => `COW ${s}`).join(', ')}` : `only against a named adversary${c.description ? ` (${esc(c.description)})` : ''}`;
    case 'location': return `only in ${typeof c.region === 'string' ? words(c.region) : esc(c.region?.named || 'a named place')}`;
    case 'specific_conflict': return `only in a specific conflict${c.description ? `: ${esc(c.description)}` : ''}`;
    case 'attackers': return c.min ? `only against ${c.min} or more attackers` : 'only against several attackers';
    case 'not_provoked': return 'only if the attack is unprovoked';
    case 'partner_request': return 'only if the partner asks';
    case 'beneficiary_attacked': return 'only if the partner is attacked';
    case 'demands': return 'only if demands are not met';
    case 'other': return esc(c.description || 'another condition');
    default: return esc(JSON.stringify(c));
  }
}

function provenance(p) {
  if (!p) return '';
  return [p.source, p.version, p.locator].filter(Boolean).map(esc).join(' · ')
    + (p.citation ? `<div class="muted small">${esc(p.citation)}</div>` : '')
    + (p.confidence && p.confidence !== 'high' ? ` <span class="badge warn">${esc(p.confidence)} confidence</span>` : '');
}

function diffRows(diff) {
  return diff.slice(0, 30).map((d) => `<tr><td><code>${esc(d.path || '(whole record)')}</code></td>
    <td class="diff-old">${d.before === undefined || d.before === null ? '<span class="muted">—</span>' : `<code>${esc(JSON.stringify(d.before)).slice(0, 200)}</code>`}</td>
    <td class="diff-new">${d.after === undefined || d.after === null ? '<span class="muted">—</span>' : `<code>${esc(JSON.stringify(d.after)).slice(0, 200)}</code>`}</td></tr>`).join('')
    + (diff.length > 30 ? `<tr><td colspan="3" class="muted">and ${diff.length - 30} more changes</td></tr>` : '');
}

export default async function agreement(app, [id], params) {
  const at = params.get('at') || '';
  let d;
  try {
    d = await api(`/agreements/${encodeURIComponent(id)}${qs({ at })}`);
  } catch (e) {
    app.innerHTML = `<h1>Agreement</h1>${errorBox(e)}`;
    return;
  }
  const r = d.record;
  const s = d.summary;
  const obligations = d.obligations.map((o) => `<tr class="${o.suspended ? 'suspended' : ''}">
      <td>${stateLink(o.obligor)}</td><td class="arrow">→</td><td>${stateLink(o.beneficiary)}</td>
      <td><span class="kind" style="--k:${KIND_COLORS[o.kind] || '#555'}">${esc(words(o.kind))}</span>${o.suspended ? ' <span class="badge warn">suspended</span>' : ''}</td>
      <td>${o.conditions.length ? `<ul class="conds">${o.conditions.map((c) => `<li>${condition(c)}</li>`).join('')}</ul>` : '<span class="muted">unconditional</span>'}</td>
      <td class="muted">${esc([o.from && `from ${o.from}`, o.until && `until ${o.until}`].filter(Boolean).join(', ') || 'with the agreement')}</td></tr>`);
  const parties = r.parties.map((p, i) => `<li>${stateLink(s.parties.find((x) => x.ccode === p.state) || { ccode: p.state, abbrev: String(p.state), name: `COW ${p.state}` })}${p.joined ? ` <span class="muted">joined ${esc(p.joined)}</span>` : ''}${p.left ? ` <span class="muted">left ${esc(p.left)}</span>` : ''}${i === 0 ? '' : ''}</li>`).join('');
  const provisions = (r.provisions || []).map((p) => `<li><strong>${esc(words(p.kind))}</strong>${p.clause ? ` <span class="muted">${esc(p.clause)}</span>` : ''}${p.note ? ` — ${esc(p.note)}` : ''}</li>`).join('');
  const mechanisms = (r.mechanisms || []).map((m) => `<li><strong>${esc(words(m.kind))}</strong>${m.description ? ` — ${esc(m.description)}` : ''}${m.clause ? ` <span class="muted">${esc(m.clause)}</span>` : ''}</li>`).join('');
  const bodies = (r.implementing_bodies || []).map((b) => `<li>${esc(b.name)}${b.role ? ` <span class="muted">(${esc(b.role)})</span>` : ''}</li>`).join('');
  const timeline = d.timeline.map((t) => `<li class="${t.basis}">
      <span class="when">${esc(t.date)}${t.exact ? '' : ' <span class="muted" title="a bound, not an exact day">≈</span>'}</span>
      <span class="what">${esc(t.text)}</span>
      <span class="how ${t.basis}" title="${esc(t.source)}">${t.basis === 'computed' ? 'computed' : 'recorded'}</span>
      <div class="muted small">${esc(t.basis === 'computed' ? t.source : `record: ${t.source}`)} · then ${esc(t.status_after)}</div></li>`).join('');
  const upcoming = d.upcoming.slice(0, 20).map((u) => `<tr><td><strong>${esc(u.date || 'awaits an act')}</strong>${u.exact ? '' : ' <span class="badge mute" title="a bound: the earliest or latest it can be">bound</span>'}</td><td>${esc(u.text)}</td><td class="muted small">${esc(u.basis)}</td></tr>`);
  const events = (r.events || []).filter((e) => e.provenance || (e.other_claims || []).length).map((e) => `<li>${esc(e.date)} ${esc(words(e.kind))}: ${provenance(e.provenance)}${(e.other_claims || []).map((c) => `<div class="muted small">other claim: ${esc(c.value)} (${provenance(c.provenance)})</div>`).join('')}${e.resolution ? `<div class="muted small">resolved: ${esc(e.resolution)}</div>` : ''}</li>`).join('');
  const ids = Object.entries(r.ids || {}).filter(([, v]) => v && (typeof v !== 'object' || Object.keys(v).length)).map(([k, v]) => `<li>${esc(k.toUpperCase())}: ${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</li>`).join('');
  const edits = d.edits.map((e) => `<details class="edit"><summary><strong>${esc(e.action.replace('_', ' '))}</strong> by <code>${esc(e.who)}</code> at ${esc(e.at.replace('T', ' ').slice(0, 19))} UTC — ${esc(e.summary)}</summary>
      ${table(['Field', 'Before', 'After'], [diffRows(e.diff)])}</details>`).join('');
  app.innerHTML = `
    <p class="crumbs"><a href="/agreements" data-link>Agreements</a> › ${esc(r.id)}</p>
    <header class="page-head">
      <h1>${esc(r.title)}</h1>
      ${r.short_title ? `<p class="sub">${esc(r.short_title)}</p>` : ''}
      <div class="badges">${statusBadge(s)} ${bindingBadge(s.binding)} ${r.families.map((f) => `<span class="tag">${esc(words(f))}</span>`).join(' ')} <span class="muted">${esc(words(r.legal_form || ''))}${r.framework ? ` · under ${esc(r.framework)}` : ''} · source ${esc(s.source || '—')}</span></div>
      <p class="status-line">${esc(s.status_text)} on <strong>${esc(d.at)}</strong>.
        <form id="at-form" class="inline"><label>Status on <input name="at" value="${esc(at)}" placeholder="YYYY-MM-DD"></label><button>Show</button></form></p>
      ${d.lifecycle_error ? `<div class="error-box">The lifecycle cannot be replayed: ${esc(d.lifecycle_error)}</div>` : ''}
    </header>
    <div class="layout">
      <div class="maincol">
        <section class="card"><h2>Directed obligations <span class="muted">${d.obligations.length}</span></h2>
          ${table(['Obligor', '', 'Beneficiary', 'Type', 'Conditions (casus foederis)', 'Validity'], obligations, 'obligations')}</section>
        <section class="card"><h2>Timeline</h2><p class="muted small">Recorded events and what the engine computes from the treaty's clauses and the Vienna Convention.</p><ol class="timeline">${timeline || '<li class="muted">No events recorded.</li>'}</ol></section>
        <section class="card"><h2>Next dates</h2><p class="muted small">Computed from ${esc(d.at)}: entry into force, end of term, tacit renewals and their notice deadlines, notices taking effect.</p>
          ${table(['When', 'What', 'Rule'], upcoming, 'upcoming')}</section>
        <section class="card"><h2>Write history</h2>${edits || '<p class="muted">No writes through the API: the record is as its source gave it.</p>'}</section>
      </div>
      <aside class="sidecol">
        <section class="card"><h3>Parties</h3><ul class="plain">${parties}</ul></section>
        <section class="card"><h3>Clauses</h3><ul class="plain">${d.clauses.map((c) => `<li>${esc(c)}</li>`).join('') || '<li class="muted">None recorded.</li>'}</ul></section>
        ${provisions ? `<section class="card"><h3>Provisions</h3><ul class="plain">${provisions}</ul></section>` : ''}
        ${mechanisms ? `<section class="card"><h3>Mechanisms</h3><ul class="plain">${mechanisms}</ul></section>` : ''}
        ${bodies ? `<section class="card"><h3>Implementing bodies</h3><ul class="plain">${bodies}</ul></section>` : ''}
        <section class="card"><h3>Sources</h3><p>${provenance(r.provenance)}</p>${ids ? `<ul class="plain">${ids}</ul>` : ''}${events ? `<h4>Per event</h4><ul class="plain small">${events}</ul>` : ''}
          ${r.notes ? `<p class="muted small">${esc(r.notes)}</p>` : ''}</section>
        <section class="card"><h3>Record</h3><p class="small"><a href="/api/v1/agreements/${encodeURIComponent(r.id)}">JSON</a> · id <code>${esc(r.id)}</code></p></section>
      </aside>
    </div>`;
  app.querySelector('#at-form').addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`/agreements/${encodeURIComponent(id)}${qs({ at: new FormData(e.target).get('at') })}`);
  });
}
