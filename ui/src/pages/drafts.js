// Review: the drafts editors wrote (GET /drafts), each with what it changes, and
// for a reviewer Approve and Reject (with a reason). A reviewer never approves
// their own draft (four eyes): it shows no Approve, and the API refuses it too.
import { api, qs } from '../api.js';
import { esc, table, diffRows, words } from '../ui.js';
import { navigate } from '../main.js';
import { me, allows, authHeaders, signInForm, bindSignIn, signedInLine, signOut } from '../session.js';

let flash = '';

function draftCard(d, who) {
  const mine = d.author === who.name;
  // A new record (not yet published: nothing to link to) is shown whole.
  const created = d.action === 'create' && d.status !== 'approved';
  const reviewer = allows(who, 'reviewer');
  const when = (t) => esc(String(t || '').replace('T', ' ').slice(0, 19));
  let actions = '';
  if (d.status === 'pending' && reviewer) {
    actions = `<div class="actions-row">
      ${mine ? '<p class="muted small">Your own draft: another reviewer approves it (four eyes).</p>' : `<button type="button" class="approve">Approve and publish</button>`}
      <form class="reject" novalidate><label>Reason for rejecting <span class="muted">(kept with the draft)</span>
        <textarea id="reason-${d.id}" name="reason" rows="1" required aria-describedby="err-reason-${d.id}"></textarea></label>
        <button class="button light">Reject</button></form>
      </div><span class="field-error" id="err-reason-${d.id}" role="alert"></span>`;
  } else if (d.status === 'pending') {
    actions = '<p class="muted small">Awaiting a reviewer.</p>';
  }
  const review = d.status === 'pending' ? '' : `<p class="small"><strong>${esc(d.status)}</strong> by <code>${esc(d.reviewer)}</code> at ${when(d.reviewed_at)} UTC${d.reason ? ` — reason: ${esc(d.reason)}` : ''}</p>`;
  return `<article class="card draft" data-draft="${d.id}" data-status="${esc(d.status)}" aria-labelledby="draft-${d.id}">
    <h2 id="draft-${d.id}">Draft ${d.id}: ${esc(words(d.action))} of ${created ? `<code>${esc(d.agreement_id)}</code>` : `<a href="/agreements/${encodeURIComponent(d.agreement_id)}" data-link>${esc(d.agreement_id)}</a>`}</h2>
    <p class="small">by <code class="author">${esc(d.author)}</code> at ${when(d.created_at)} UTC — ${esc(d.summary)}</p>
    ${review}
    ${created ? `<details class="proposed"><summary>The record as proposed</summary><pre class="small" tabindex="0">${esc(JSON.stringify(d.record, null, 2))}</pre></details>` : table(['Field', 'Before', 'After'], [diffRows(d.diff || [])], 'diff', `changes in draft ${d.id}`)}
    ${actions}<div class="field-error" id="err-draft-${d.id}" role="alert"></div>
  </article>`;
}

export default async function drafts(app, _m, params) {
  const status = params.get('status') === 'all' ? 'all' : 'pending';
  const who = await me();
  if (!who) {
    app.innerHTML = `<h1>Drafts</h1><section class="card"><h2>Sign in</h2><p>Drafts are the changes editors wrote, awaiting a reviewer. Seeing them needs a token of the editor role or higher.</p>${signInForm()}</section>`;
    bindSignIn(app, () => navigate(location.pathname + location.search, true));
    return;
  }
  const head = `<h1>Drafts</h1>${signedInLine(who)}
    <p class="muted">Changes written by editors wait here until a reviewer other than their author approves them (they are then published, the history naming both) or rejects them with a reason. <a href="/agreements/new" data-link>New record</a></p>
    <p class="small">Show: ${status === 'pending' ? '<strong>pending</strong>' : '<a href="/drafts" data-link>pending</a>'} · ${status === 'all' ? '<strong>all, reviewed too</strong>' : `<a href="/drafts${qs({ status: 'all' })}" data-link>all, reviewed too</a>`}</p>`;
  const bindOut = () => app.querySelector('#signout')?.addEventListener('click', () => { signOut(); navigate(location.pathname + location.search, true); });
  if (!allows(who, 'editor')) {
    app.innerHTML = `${head}<p>The token <strong>${esc(who.name)}</strong> is a ${esc(who.role)}: drafts need the editor role or higher.</p>`;
    bindOut();
    return;
  }
  let list;
  try {
    list = await api(`/drafts${qs({ status: status === 'all' ? 'all' : '' })}`, { headers: authHeaders(), cache: 'no-store' });
  } catch (e) {
    app.innerHTML = `${head}<div class="error-box" role="alert">${esc(e.message)}</div>`;
    bindOut();
    return;
  }
  const shown = flash;
  flash = '';
  app.innerHTML = `${head}<div id="review-outcome">${shown}</div>
    ${list.map((d) => draftCard(d, who)).join('') || `<p class="muted" id="no-drafts">No ${status === 'pending' ? 'pending ' : ''}drafts.</p>`}`;
  bindOut();
  const reload = () => navigate(location.pathname + location.search, true);
  app.querySelectorAll('article.draft').forEach((card) => {
    const id = card.dataset.draft;
    const fail = (e) => {
      card.querySelector(`#err-draft-${id}`).textContent = `${e.message}${e.body?.role_needed ? ` (role needed: ${e.body.role_needed})` : ''}`;
    };
    card.querySelector('button.approve')?.addEventListener('click', async () => {
      try {
        const r = await api(`/drafts/${id}/approve`, { method: 'POST', headers: authHeaders() });
        flash = `<div class="ok-box" role="status">Draft ${esc(id)} approved and published: ${esc(r.edit.summary)} — written by <code>${esc(r.edit.who)}</code>, approved by <code>${esc(r.edit.reviewer)}</code>. <a href="/agreements/${encodeURIComponent(r.edit.agreement_id)}" data-link>Open ${esc(r.edit.agreement_id)}</a></div>`;
        reload();
      } catch (e) { fail(e); }
    });
    card.querySelector('form.reject')?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const box = card.querySelector('textarea[name=reason]');
      const slot = card.querySelector(`#err-reason-${id}`);
      slot.textContent = '';
      box.removeAttribute('aria-invalid');
      const reason = box.value.trim();
      if (!reason) {
        slot.textContent = 'Give a reason: it is kept with the draft, for its author.';
        box.setAttribute('aria-invalid', 'true');
        box.focus();
        return;
      }
      try {
        await api(`/drafts/${id}/reject`, { method: 'POST', headers: authHeaders({ 'Content-Type': 'application/json' }), body: JSON.stringify({ reason }) });
        flash = `<div class="ok-box" role="status">Draft ${esc(id)} rejected; the reason is kept with it.</div>`;
        reload();
      } catch (err) {
        if (err.body?.field === 'reason') slot.textContent = err.message; else fail(err);
      }
    });
  });
}
