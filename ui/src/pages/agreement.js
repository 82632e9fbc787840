// One agreement: parties, directed obligations and their conditions, provisions,
// clauses, each party's treaty actions, the timeline with computed next dates,
// sources, and the write history.
import { api, apiFull, qs } from '../api.js';
import { esc, statusBadge, bindingBadge, stateLink, table, words, errorBox, KIND_COLORS, today, trackRecord, diffRows } from '../ui.js';
import { me, allows, authHeaders, signInForm, bindSignIn, signedInLine, signOut, draftNotice } from '../session.js';
import { navigate } from '../main.js';
import { documentsCard } from './documents.js';

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

// The identifiers of a record as links: another source's record of the same
// treaty opens in foedus; a UNTS number opens the UN Treaty Collection's search.
function identifiers(r, members) {
  const ids = r.ids || {};
  const record = (source, rid) => {
    const m = members.find((x) => x.id === rid);
    return m ? `<a href="/agreements/${encodeURIComponent(rid)}${qs({ source: m.source })}" data-link>${esc(rid)}</a> <span class="muted">(${esc(m.source)}'s record)</span>` : esc(rid);
  };
  const out = [];
  if (ids.atop) out.push(['ATOP', record('atop', `atop-${ids.atop}`).replace(`>atop-${ids.atop}<`, `>atopid ${ids.atop}<`)]);
  if (ids.dcad) out.push(['DCAD', record('dcad', members.find((m) => m.source === 'dcad')?.id || ids.dcad).replace(/>[^<]*<\/a>/, `>${esc(ids.dcad)}</a>`)]);
  if (ids.unts) {
    out.push(['UNTS', `<a href="https://treaties.un.org/Pages/AdvanceSearch.aspx?tab=UNTS&amp;clang=_en" rel="noopener" title="Search the UN Treaty Collection for registration number ${esc(ids.unts)}">${esc(ids.unts)}</a> <span class="muted">(search it in the UN Treaty Collection)</span>`]);
  }
  for (const [k, v] of Object.entries(ids.other || {})) out.push([k.toUpperCase(), esc(v)]);
  return out.map(([k, v]) => `<li><strong>${esc(k)}</strong> ${v}</li>`).join('');
}

// How to cite the record: plain text and BibTeX, naming the sources it rests on.
function citation(r, s, sources, today) {
  const url = `${location.origin}/agreements/${encodeURIComponent(r.id)}`;
  const year = (s.signed || '').slice(0, 4);
  const parties = s.parties.map((p) => p.name).join(', ');
  const plain = `${r.title}${year ? ` (${s.signed})` : ''}. Parties: ${parties}. foedus record ${r.id}, from ${sources.map((x) => x.name).join('; ')}. ${url} (accessed ${today}).`;
  const bib = (t) => String(t).replace(/[{}\\]/g, '').replace(/[&%$#_]/g, (c) => `\\${c}`);
  const key = `foedus-${r.id.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const bibtex = `@misc{${key},
  title        = {${bib(r.title)}},
  year         = {${bib(year || 'n.d.')}},
  note         = {Parties: ${bib(parties)}. Record ${bib(r.id)} in foedus, from ${bib(sources.map((x) => x.name).join('; '))}. Accessed ${today}},
  howpublished = {\\url{${url}}}
}`;
  const cites = sources.filter((x) => x.citation).map((x) => `<li><strong>${esc(x.name)}</strong>: ${esc(x.citation)}</li>`).join('');
  return `<section class="card citation"><h2>Cite this record</h2>
    <h3>Plain text</h3><pre class="cite" tabindex="0">${esc(plain)}</pre>
    <h3>BibTeX</h3><pre class="cite" tabindex="0">${esc(bibtex)}</pre>
    ${cites ? `<h3>Sources to cite</h3><ul class="plain small">${cites}</ul>` : ''}</section>`;
}

// Writes for token holders: the token is kept for this browser session only
// (sessionStorage, ../session.js); without one, no write control is shown. An
// editor's write comes back as a draft awaiting review (202), said once after reload.
const EVENT_KINDS = ['signature', 'consent', 'exchange_of_instruments', 'entry_into_force', 'provisional_application', 'renewal', 'suspension', 'suspension_end'];
let flash = '';

function writeCard(r, who) {
  if (!who) {
    return `<section class="card" id="writes"><h2>Edit</h2>${signInForm()}</section>`;
  }
  if (!allows(who, 'editor')) {
    return `<section class="card" id="writes"><h2>Edit</h2><p class="small">The token <strong>${esc(who.name)}</strong> is a ${esc(who.role)}: writing needs the editor role or higher.</p>${signedInLine(who)}</section>`;
  }
  const shown = flash;
  flash = '';
  return `<section class="card" id="writes"><h2>Edit</h2>${signedInLine(who)}${shown}<div id="record-drafts"></div>
    <p class="small"><a href="/agreements/${encodeURIComponent(r.id)}/edit" data-link id="edit-record">Edit record</a> · <a href="/agreements/new" data-link>New record</a></p>
    <h3>Add an event</h3>
    <form id="add-event" class="stack" novalidate>
      <label>Date <input name="date" placeholder="YYYY-MM-DD" required aria-describedby="err-date"></label><span class="field-error" id="err-date" role="alert"></span>
      <label>Kind <select name="kind" aria-describedby="err-kind">${EVENT_KINDS.map((k) => `<option value="${k}">${esc(words(k))}</option>`).join('')}</select></label><span class="field-error" id="err-kind" role="alert"></span>
      <label>Other fields (JSON, optional) <textarea name="extra" rows="2" placeholder='{"party": "JPN"}' aria-describedby="err-extra"></textarea></label><span class="field-error" id="err-extra" role="alert"></span>
      <button>Add to ${esc(r.id)}</button><div class="field-error" id="err-form" role="alert"></div>
    </form></section>`;
}

function bindWrites(app, r, reload) {
  bindSignIn(app, reload);
  app.querySelector('#signout')?.addEventListener('click', () => { signOut(); reload(); });
  const form = app.querySelector('#add-event');
  if (!form) return;
  // This record's drafts awaiting review.
  api('/drafts', { headers: authHeaders(), cache: 'no-store' }).then((list) => {
    const mine = list.filter((d) => d.agreement_id === r.id);
    if (mine.length) {
      app.querySelector('#record-drafts').innerHTML = `<p class="small"><strong>Awaiting review:</strong> ${mine.map((d) => `draft ${esc(d.id)} by <code>${esc(d.author)}</code> (${esc(d.summary)})`).join('; ')} — <a href="/drafts" data-link>Drafts</a></p>`;
    }
  }).catch(() => {});
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('.field-error').forEach((x) => { x.textContent = ''; });
    const f = new FormData(form);
    let extra = {};
    try {
      extra = f.get('extra').trim() ? JSON.parse(f.get('extra')) : {};
    } catch (err) {
      form.querySelector('#err-extra').textContent = `not JSON: ${err.message}`;
      return;
    }
    try {
      const res = await apiFull(`/agreements/${encodeURIComponent(r.id)}/events`, {
        method: 'POST',
        headers: authHeaders({ 'Content-Type': 'application/json' }),
        body: JSON.stringify({ ...extra, date: f.get('date').trim(), kind: f.get('kind') }),
      });
      if (res.status === 202) flash = draftNotice(res.body);
      reload();
    } catch (err) {
      // The engine's rejection beside the field it names.
      const field = String(err.body?.field || '').replace(/^events\[\d+\]\.?/, '');
      const slot = form.querySelector(`#err-${['date', 'kind'].includes(field) ? field : (field ? 'extra' : 'form')}`);
      slot.textContent = `${err.message}${err.body?.rule ? ` (${err.body.rule})` : ''}`;
      if (err.status === 401) signOut();
    }
  });
}

// Each party's treaty actions (GET /agreements/{id}/actions): one table per
// party, with a caption, as the UN Treaty Collection shows a treaty's participants.
function treatyActions(t) {
  if (!t) return '<p class="muted">The treaty actions could not be loaded.</p>';
  const steps = (a) => (a.steps || []).map((st) => `${esc(st.date)} ${esc(words(st.action))}`).join('; ');
  return t.parties.map((p) => {
    const name = `${p.party.name} (${p.party.abbrev})`;
    const rows = p.actions.map((a) => `<tr><th scope="row">${esc(a.date)}${a.exact ? '' : ' <span class="muted" title="a bound, not an exact day">≈</span>'}</th>
      <td>${esc(words(a.action))}${a.joint ? ' <span class="badge mute" title="recorded for every party at once">all parties</span>' : ''}</td>
      <td>${esc(a.detail || '')}${a.article ? ` <span class="muted">art ${esc(a.article)}</span>` : ''}${steps(a) ? `<div class="muted small">${steps(a)}</div>` : ''}</td>
      <td>${a.text ? `<blockquote class="small">${esc(a.text)}</blockquote>` : ''}${a.note ? `<div class="muted small">${esc(a.note)}</div>` : ''}</td>
      <td class="muted small"><code>${esc(a.source)}</code></td></tr>`).join('');
    return `<div class="table-wrap" role="region" tabindex="0" aria-label="${esc(`treaty actions of ${name}`)}"><table class="grid actions" data-name="${esc(`treaty actions ${p.party.abbrev}`)}">
      <caption>${esc(name)}</caption>
      <thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">Particulars</th><th scope="col">Text and note</th><th scope="col">Record</th></tr></thead>
      <tbody>${rows || '<tr><td colspan="5" class="muted empty">No action recorded.</td></tr>'}</tbody></table></div>`;
  }).join('');
}

export default async function agreement(app, [id], params) {
  const at = params.get('at') || '';
  const source = params.get('source') || '';
  let d;
  let actions = null;
  let who = null;
  try {
    [d, actions, who] = await Promise.all([
      api(`/agreements/${encodeURIComponent(id)}${qs({ at, source })}`),
      api(`/agreements/${encodeURIComponent(id)}/actions${qs({ source })}`).catch(() => null),
      me(),
    ]);
  } catch (e) {
    app.innerHTML = `<h1>Agreement</h1>${errorBox(e)}`;
    return;
  }
  const r = d.record;
  const s = d.summary;
  const obligations = d.obligations.map((o, i) => `<tr class="${o.suspended ? 'suspended' : ''}">
      <td>${stateLink(o.obligor)}</td><td class="arrow">→</td><td>${stateLink(o.beneficiary)}</td>
      <td><span class="kind" style="--k:${KIND_COLORS[o.kind] || '#555'}">${esc(words(o.kind))}</span>${o.suspended ? ' <span class="badge warn">suspended</span>' : ''}</td>
      <td>${o.conditions.length ? `<ul class="conds">${o.conditions.map((c) => `<li>${condition(c)}</li>`).join('')}</ul>` : '<span class="muted">unconditional</span>'}</td>
      <td class="article">${esc(o.clause ?? r.obligations?.[i]?.clause ?? '') || '<span class="muted">not recorded</span>'}</td>
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
  const members = d.reconciliation?.members || [];
  const ids = identifiers(r, members);
  const others = members.filter((m) => m.id !== r.id).map((m) => `<li><a href="/agreements/${encodeURIComponent(m.id)}${qs({ source: m.source })}" data-link>${esc(m.id)}</a> <span class="muted">${esc(m.source)}${m.joined_by?.length ? ` · ${esc(m.joined_by.join('; '))}` : ''}</span></li>`).join('');
  // The sources the record rests on, each once, with their citations.
  const srcs = new Map();
  const addSource = (name, citation) => { if (name && !srcs.has(name)) srcs.set(name, citation || ''); else if (name && citation && !srcs.get(name)) srcs.set(name, citation); };
  addSource(r.provenance?.source && `${r.provenance.source}${r.provenance.version ? ` ${r.provenance.version}` : ''}`, r.provenance?.citation);
  for (const n of d.reconciliation?.names || []) addSource(n.source, n.citation);
  for (const m of members) addSource(m.source, '');
  const sources = [...srcs.entries()].map(([name, c]) => ({ name, citation: c }));
  const edits = d.edits.map((e) => `<details class="edit"><summary><strong>${esc(e.action.replace('_', ' '))}</strong> by <code>${esc(e.who)}</code>${e.reviewer ? `, approved by <code>${esc(e.reviewer)}</code>` : ''} at ${esc(e.at.replace('T', ' ').slice(0, 19))} UTC — ${esc(e.summary)}</summary>
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
          ${table(['Obligor', '', 'Beneficiary', 'Type', 'Conditions (casus foederis)', 'Article', 'Validity'], obligations, 'obligations', 'directed obligations')}</section>
        <section class="card" id="treaty-actions"><h2>Treaty actions</h2><p class="muted small">Each party's signature, domestic approval, consent and its deposit or exchange, reservations and declarations, provisional application and notices, from the record's events.</p>${treatyActions(actions)}</section>
        <section class="card" id="track-record"><h2>Track record</h2><p class="muted">Loading…</p></section>
        <section class="card"><h2>Timeline</h2><p class="muted small">Recorded events and what the engine computes from the treaty's clauses and the Vienna Convention.</p><ol class="timeline">${timeline || '<li class="muted">No events recorded.</li>'}</ol></section>
        <section class="card"><h2>Next dates</h2><p class="muted small">Computed from ${esc(d.at)}: entry into force, end of term, tacit renewals and their notice deadlines, notices taking effect.</p>
          ${table(['When', 'What', 'Rule'], upcoming, 'upcoming')}</section>
        ${citation(r, s, sources, d.at && today())}
        <section class="card"><h2>Write history</h2>${edits || '<p class="muted">No writes through the API: the record is as its source gave it.</p>'}</section>
      </div>
      <aside class="sidecol">
        <section class="card"><h2>Parties</h2><ul class="plain">${parties}</ul></section>
        <section class="card"><h2>Clauses</h2><ul class="plain">${d.clauses.map((c) => `<li>${esc(c)}</li>`).join('') || '<li class="muted">None recorded.</li>'}</ul></section>
        ${provisions ? `<section class="card"><h2>Provisions</h2><ul class="plain">${provisions}</ul></section>` : ''}
        ${mechanisms ? `<section class="card"><h2>Mechanisms</h2><ul class="plain">${mechanisms}</ul></section>` : ''}
        ${bodies ? `<section class="card"><h2>Implementing bodies</h2><ul class="plain">${bodies}</ul></section>` : ''}
        <section class="card"><h2>Sources</h2><p>${provenance(r.provenance)}</p>${ids ? `<h3>Identifiers</h3><ul class="plain ids">${ids}</ul>` : ''}${others ? `<h3>The same treaty in other sources</h3><ul class="plain small">${others}</ul>` : ''}${events ? `<h3>Per event</h3><ul class="plain small">${events}</ul>` : ''}
          ${r.notes ? `<p class="muted small">${esc(r.notes)}</p>` : ''}</section>
        ${source ? '' : writeCard(r, who)}
        <section class="card"><h2>Record</h2><p class="small"><a href="/api/v1/agreements/${encodeURIComponent(r.id)}">JSON</a> · id <code>${esc(r.id)}</code></p></section>
      </aside>
    </div>`;
  bindWrites(app, r, () => navigate(location.pathname + location.search, true));
  documentsCard(app, r);
  const track = app.querySelector('#track-record');
  api(`/agreements/${encodeURIComponent(r.id)}/track-record`)
    .then((t) => { track.innerHTML = `<h2>Track record</h2><p class="muted small">How its commitments fared in the wars and militarized disputes on record, judged by the casus foederis engine (the reliability record).</p>${trackRecord(t, { label: 'track record cases', source: `/api/v1/agreements/${encodeURIComponent(r.id)}/track-record` })}`; })
    .catch((e) => { track.innerHTML = `<h2>Track record</h2><p class="muted">${esc(e.message)}</p>`; });
  app.querySelector('#at-form').addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`/agreements/${encodeURIComponent(id)}${qs({ at: new FormData(e.target).get('at') })}`);
  });
}
