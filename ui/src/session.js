// Signing in with an API token for writes and review. The token is kept in this
// tab's session storage only and sent only to this server's API; who it stands
// for (name and role, `GET /api/v1/whoami`) decides which controls are shown.
import { api, ApiError } from './api.js';
import { esc } from './ui.js';

const KEY = 'foedus-token';
const RANK = { viewer: 0, editor: 1, reviewer: 2, admin: 3 };
let meP = null;

export function token() {
  return sessionStorage.getItem(KEY) || '';
}

export function authHeaders(extra = {}) {
  return { ...extra, Authorization: `Bearer ${token()}` };
}

/// The signed-in token's `{name, role}`, or null without a (valid) token.
export function me() {
  if (!token()) return Promise.resolve(null);
  if (!meP) {
    meP = api('/whoami', { headers: authHeaders(), cache: 'no-store' }).catch((e) => {
      if (e.status === 401) signOut();
      return null;
    });
  }
  return meP;
}

/// True if the role may do what `needed` may (viewer < editor < reviewer < admin).
export function allows(who, needed) {
  return Boolean(who) && (RANK[who.role] ?? -1) >= RANK[needed];
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  meP = null;
  showDraftsLink();
}

/// Checks a token with the API and keeps it for the session; throws the API's error.
export async function signIn(text) {
  const t = String(text || '').trim();
  if (!t) throw new ApiError(400, { message: 'enter an API token' });
  const who = await api('/whoami', { headers: { Authorization: `Bearer ${t}` }, cache: 'no-store' });
  sessionStorage.setItem(KEY, t);
  meP = Promise.resolve(who);
  showDraftsLink();
  return who;
}

/// The navigation's Drafts link is there only when signed in.
export function showDraftsLink() {
  const a = document.getElementById('nav-drafts');
  if (a) a.hidden = !token();
}

/// A sign-in form; `bindSignIn` makes it work.
export function signInForm(hint = '') {
  return `<form id="signin" class="stack"><label>API token <input name="token" type="password" autocomplete="off" required aria-describedby="err-token"></label>
    <span class="field-error" id="err-token" role="alert"></span>
    <button>Sign in for this session</button><p class="muted small">${hint || 'Tokens come from <code>foedus token create --name NAME --role ROLE</code>'}; the token stays in this tab only.</p></form>`;
}

export function bindSignIn(root, done) {
  const form = root.querySelector('#signin');
  form?.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await signIn(new FormData(form).get('token'));
      done();
    } catch (err) {
      form.querySelector('#err-token').textContent = err.message;
    }
  });
}

/// "Signed in as NAME (ROLE)" with a sign-out button (id `signout`).
export function signedInLine(who) {
  return `<p class="small signed-in">Signed in as <strong>${esc(who.name)}</strong> (${esc(who.role)}). <button type="button" class="link-button" id="signout">Sign out</button></p>`;
}

/// A write's answer told in words: published (200/201) or a draft awaiting review (202).
export function draftNotice(draft) {
  return `<div class="draft-box" role="status"><strong>Draft ${esc(draft.id)} awaits review.</strong> Your change (${esc(draft.summary)}) is not published yet: a reviewer other than you approves or rejects it on the <a href="/drafts" data-link>Drafts</a> page.</div>`;
}
