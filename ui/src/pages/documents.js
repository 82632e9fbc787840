// The "Documents" card of an agreement page: the treaty's text, translations and
// related documents attached to the record, with links to their bytes, the
// obligations that cite each, and (signed in) a form to attach another.

import { api, qs } from '../api.js';
import { esc, words, errorBox } from '../ui.js';

const KINDS = ['text', 'translation', 'related'];

function size(n) {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

// Where a citation points in a document: a PDF's page, an HTML anchor.
function citedAt(url, c) {
  if (c.page) return `${url}#page=${c.page}`;
  if (c.anchor) return `${url}#${encodeURIComponent(c.anchor)}`;
  return url;
}

function citations(doc, record) {
  return (record.obligations || [])
    .filter((o) => o.cites && (o.cites.document === doc.sha256 || o.cites.document === doc.name))
    .map((o) => `<li><a href="${esc(citedAt(doc.url, o.cites))}" target="_blank" rel="noopener">${esc(o.clause || 'an obligation')}</a>
      <span class="muted">${esc(String(o.obligor))} → ${esc(String(o.beneficiary))} ${esc(words(o.kind))}${o.cites.page ? ` · p. ${o.cites.page}` : ''}${o.cites.anchor ? ` · ${esc(o.cites.anchor)}` : ''}</span></li>`)
    .join('');
}

function render(docs, record) {
  if (!docs.length) return '<p class="muted">No documents attached: the treaty\'s text can be attached as PDF, HTML or plain text.</p>';
  return `<ul class="plain documents">${docs.map((d) => {
    const cited = citations(d, record);
    return `<li><a href="${esc(d.url)}" target="_blank" rel="noopener"><strong>${esc(d.name)}</strong></a>
      <span class="tag">${esc(d.kind)}</span>
      <div class="muted small">${esc(d.media_type)} · ${size(d.size)} · attached by <code>${esc(d.attached_by)}</code> ${esc(d.attached_at.replace('T', ' ').slice(0, 16))} UTC</div>
      <div class="muted small" title="SHA-256 ${esc(d.sha256)}">SHA-256 <code>${esc(d.sha256.slice(0, 16))}…</code></div>
      ${cited ? `<div class="small">Cited by:<ul class="plain">${cited}</ul></div>` : ''}</li>`;
  }).join('')}</ul>`;
}

function form() {
  if (!sessionStorage.getItem('foedus-token')) return '';
  return `<form id="attach" class="stack small"><label>File <input name="file" type="file" accept="application/pdf,text/html,text/plain,.pdf,.html,.htm,.txt" required></label>
    <label>Name <input name="name" placeholder="the file's name"></label>
    <label>Kind <select name="kind">${KINDS.map((k) => `<option>${k}</option>`).join('')}</select></label>
    <button>Attach</button><p class="muted small">PDF, HTML or plain text, at most 20 MiB; needs the reviewer role.</p><div class="result"></div></form>`;
}

// Adds the card to the page's side column and fills it.
export function documentsCard(app, record) {
  const card = document.createElement('section');
  card.className = 'card';
  card.id = 'documents';
  card.innerHTML = '<h2>Documents</h2><p class="muted">Loading…</p>';
  (app.querySelector('.sidecol') || app).prepend(card);
  const path = `/agreements/${encodeURIComponent(record.id)}/documents`;
  const load = () => api(path)
    .then((docs) => {
      card.innerHTML = `<h2>Documents <span class="muted">${docs.length}</span></h2>${render(docs, record)}${form()}`;
      card.querySelector('#attach')?.addEventListener('submit', async (e) => {
        e.preventDefault();
        const f = new FormData(e.target);
        const file = f.get('file');
        const out = e.target.querySelector('.result');
        try {
          await api(`${path}${qs({ name: f.get('name') || file.name, kind: f.get('kind') })}`, {
            method: 'POST',
            body: file,
            headers: { 'Content-Type': file.type || 'text/plain', Authorization: `Bearer ${sessionStorage.getItem('foedus-token')}` },
          });
          load();
        } catch (err) {
          out.innerHTML = errorBox(err);
        }
      });
    })
    .catch((e) => { card.innerHTML = `<h2>Documents</h2>${errorBox(e)}`; });
  load();
}
