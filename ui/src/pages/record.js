// Writing a whole record, for token holders: a new record (POST /agreements) or
// an edit of one (PUT /agreements/{id} with If-Match from the record's ETag).
// Each top-level field of the record has its own box, so the API's rejection
// (its `field`, as `events[1]`) is shown beside the box of the field it names.
// An editor's write comes back as a draft awaiting review (202).
import { apiFull } from '../api.js';
import { esc, errorBox } from '../ui.js';
import { navigate } from '../main.js';
import { me, allows, authHeaders, signInForm, bindSignIn, signedInLine, signOut, draftNotice } from '../session.js';

// A new record starts from the smallest useful one (docs/records.md).
const TEMPLATE = {
  id: '',
  title: '',
  parties: [{ state: 'AUL' }, { state: 'JPN' }],
  families: ['defense_cooperation'],
  obligations: [{ obligor: 'AUL', beneficiary: 'JPN', kind: 'training' }, { obligor: 'JPN', beneficiary: 'AUL', kind: 'training' }],
  events: [{ date: '2025-02-01', kind: 'signature' }, { date: '2025-05-01', kind: 'entry_into_force' }],
  provenance: { source: 'registry-edits' },
};
const TEXT_FIELDS = new Set(['id', 'title', 'short_title', 'legal_form', 'framework', 'notes']);

// One labelled box per top-level field: a line for text, JSON for the rest.
function fieldBox(key, value, { locked = false } = {}) {
  const id = `f-${key}`;
  const err = `<span class="field-error" id="err-${esc(key)}" role="alert"></span>`;
  if (key === 'notes' && typeof value === 'string') {
    return `<div class="field"><label for="${id}"><code>notes</code></label>
      <textarea id="${id}" name="notes" data-kind="text" rows="3" aria-describedby="err-notes">${esc(value)}</textarea>${err}</div>`;
  }
  if (TEXT_FIELDS.has(key) && (typeof value === 'string' || value === undefined || value === null)) {
    return `<div class="field"><label for="${id}"><code>${esc(key)}</code></label>
      <input id="${id}" name="${esc(key)}" data-kind="text" value="${esc(value ?? '')}" ${locked ? 'readonly aria-readonly="true"' : ''} aria-describedby="err-${esc(key)}">${err}</div>`;
  }
  const text = JSON.stringify(value, null, 2);
  const rows = Math.min(18, Math.max(2, text.split('\n').length));
  return `<div class="field"><label for="${id}"><code>${esc(key)}</code> <span class="muted small">(JSON)</span></label>
    <textarea id="${id}" name="${esc(key)}" data-kind="json" rows="${rows}" spellcheck="false" aria-describedby="err-${esc(key)}">${esc(text)}</textarea>${err}</div>`;
}

// The fields in the order docs/records.md describes them; others after, by name.
const ORDER = ['id', 'title', 'short_title', 'aliases', 'parties', 'families', 'legal_form', 'framework', 'obligations', 'provisions', 'mechanisms', 'implementing_bodies', 'clauses', 'events', 'notices', 'ids', 'provenance', 'notes'];
const rank = (k) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);

function formHtml(record, editing) {
  const fields = Object.entries(record).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return `<form id="record-form" class="record-form" novalidate>
    ${fields.map(([k, v]) => fieldBox(k, v, { locked: editing && k === 'id' })).join('')}
    <div class="field"><label for="f-more">More fields <span class="muted small">(a JSON object, optional: fields to add, as in <a href="/api/v1/docs">the record format</a>)</span></label>
      <textarea id="f-more" name="__more" data-kind="more" rows="2" spellcheck="false" placeholder='{"short_title": "…"}' aria-describedby="err-__more"></textarea><span class="field-error" id="err-__more" role="alert"></span></div>
    <div class="field-error" id="err-form" role="alert"></div>
    <button>${editing ? 'Save the record' : 'Create the record'}</button>
  </form>`;
}

// The record the form holds, or null after marking the boxes that are not JSON.
function readForm(form) {
  const out = {};
  let ok = true;
  for (const el of form.querySelectorAll('[data-kind]')) {
    const slot = form.querySelector(`#err-${CSS.escape(el.name)}`);
    if (el.dataset.kind === 'text') {
      if (el.value.trim() !== '') out[el.name] = el.value.trim();
      continue;
    }
    if (!el.value.trim()) continue;
    try {
      const v = JSON.parse(el.value);
      if (el.dataset.kind === 'more') {
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected a JSON object, as {"field": value}');
        Object.assign(out, v);
      } else out[el.name] = v;
    } catch (e) {
      slot.textContent = `not JSON: ${e.message}`;
      el.setAttribute('aria-invalid', 'true');
      ok = false;
    }
  }
  return ok ? out : null;
}

// The API's rejection beside the box of the field it names (`events[1].date` → events).
function showError(form, err) {
  const field = String(err.body?.field || '');
  const key = field.match(/^[A-Za-z_]+/)?.[0] || '';
  const box = key && form.querySelector(`[data-kind][name="${CSS.escape(key)}"]`);
  const slot = box ? form.querySelector(`#err-${CSS.escape(key)}`) : form.querySelector('#err-form');
  slot.textContent = `${err.message}${err.body?.rule ? ` (${err.body.rule})` : ''}`;
  if (box) {
    box.setAttribute('aria-invalid', 'true');
    box.focus();
  }
}

export default async function record(app, [id], params) {
  const editing = Boolean(id);
  const heading = editing ? `Edit ${esc(id)}` : 'New record';
  const who = await me();
  if (!who || !allows(who, 'editor')) {
    app.innerHTML = `<p class="crumbs"><a href="/agreements" data-link>Agreements</a> › ${editing ? `<a href="/agreements/${encodeURIComponent(id)}" data-link>${esc(id)}</a> › edit` : 'new'}</p>
      <h1>${heading}</h1><section class="card">${who ? `<p>The token <strong>${esc(who.name)}</strong> is a ${esc(who.role)}: writing a record needs the editor role or higher.</p>` : `<h2>Sign in</h2>${signInForm('Writing needs a token of the editor role or higher, from <code>foedus token create --name NAME --role editor</code>')}`}</section>`;
    bindSignIn(app, () => navigate(location.pathname + location.search, true));
    return;
  }
  let rec = { ...TEMPLATE };
  let etag = '';
  if (editing) {
    try {
      // `no-store`: the browser's cache would swap the record's version for a read tag.
      const res = await apiFull(`/agreements/${encodeURIComponent(id)}`, { cache: 'no-store' });
      etag = res.headers.get('ETag') || '';
      rec = res.body.record;
      // The record stored under this id (one source's own), not the reconciled view.
      const own = (res.body.reconciliation?.members || []).find((m) => m.id === id);
      if (own && (res.body.reconciliation.members.length > 1)) {
        const mine = await apiFull(`/agreements/${encodeURIComponent(id)}?source=${encodeURIComponent(own.source)}`, { cache: 'no-store' });
        rec = mine.body.record;
      }
    } catch (e) {
      app.innerHTML = `<h1>${heading}</h1>${errorBox(e)}`;
      return;
    }
  } else if (params.get('id')) {
    rec.id = params.get('id');
  }
  app.innerHTML = `<p class="crumbs"><a href="/agreements" data-link>Agreements</a> › ${editing ? `<a href="/agreements/${encodeURIComponent(id)}" data-link>${esc(id)}</a> › edit` : 'new'}</p>
    <h1>${heading}</h1>
    ${signedInLine(who)}
    <p class="muted">${editing ? 'The whole record, field by field; saving replaces it (the version you opened, so no change made meanwhile is overwritten unseen).' : 'A record in the record format: its id, title, parties, obligations and events.'}
      ${allows(who, 'admin') ? 'As an admin, your write is published at once.' : 'Your write becomes a draft that another reviewer approves.'}
      The checks are the engine's: a rejection names the field, shown beside it.</p>
    <div id="outcome"></div>
    <section class="card">${formHtml(rec, editing)}</section>`;
  app.querySelector('#signout').addEventListener('click', () => { signOut(); navigate(location.pathname + location.search, true); });
  const form = app.querySelector('#record-form');
  const outcome = app.querySelector('#outcome');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('.field-error').forEach((x) => { x.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((x) => x.removeAttribute('aria-invalid'));
    outcome.innerHTML = '';
    const body = readForm(form);
    if (!body) return;
    try {
      const headers = authHeaders({ 'Content-Type': 'application/json' });
      if (editing) headers['If-Match'] = etag;
      const res = await apiFull(editing ? `/agreements/${encodeURIComponent(id)}` : '/agreements', {
        method: editing ? 'PUT' : 'POST', headers, body: JSON.stringify(body),
      });
      if (res.status === 202) {
        outcome.innerHTML = `${draftNotice(res.body)}<p><a href="/agreements/${encodeURIComponent(res.body.agreement_id)}" data-link>Back to ${esc(res.body.agreement_id)}</a></p>`;
        return;
      }
      navigate(`/agreements/${encodeURIComponent(body.id || id)}`);
    } catch (err) {
      if (err.status === 412) {
        // Someone saved a change since this page read the record.
        outcome.innerHTML = `<div class="error-box" role="alert"><strong>The record changed since you opened it</strong>: someone saved another change, and saving yours would overwrite it unseen.
          Reload the record to get its current version, then make your change again (your text is below, to copy).
          <p><button type="button" id="reload-record">Reload the record</button></p>
          <details><summary>Your version</summary><pre class="small" tabindex="0">${esc(JSON.stringify(body, null, 2))}</pre></details></div>`;
        outcome.querySelector('#reload-record').addEventListener('click', () => navigate(location.pathname + location.search, true));
        return;
      }
      if (err.status === 401) signOut();
      showError(form, err);
    }
  });
}
