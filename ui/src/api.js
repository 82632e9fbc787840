// Talking to the foedus API: JSON in, JSON out, errors shown with their message.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, options = {}) {
  return (await apiFull(path, options)).body;
}

/// The whole answer: `{status, headers, body}` (a write's 201 or 202, a record's
/// `ETag`); an error status throws an ApiError as `api` does.
export async function apiFull(path, options = {}) {
  const res = await fetch(`/api/v1${path}`, {
    ...options,
    headers: { Accept: 'application/json', ...(options.headers || {}) },
  });
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text };
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return { status: res.status, headers: res.headers, body };
}

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}
