// Share links: the code and edition travel in the URL fragment, deflated with the browser's own
// CompressionStream ('deflate-raw') and base64url-encoded, so a link reproduces exactly what the
// sender saw with no server involved. The fragment never reaches a server either.
//
// Form: `#code=<base64url(deflate-raw(UTF-8 code))>&edition=2021`. Version-free on purpose: a
// later form would use a different key than `code`.
//
// The decoder is defensive because a fragment is untrusted input: it refuses oversized input
// before doing any work, caps the inflated size (a small link must not inflate to gigabytes),
// and reports every failure as a ShareError with a message fit to show the reader.

/** Longest fragment accepted, in characters (browsers cap URLs near 2 MB anyway). */
export const MAX_FRAGMENT_CHARS = 2 * 1024 * 1024;
/** Largest inflated code accepted, in bytes: the analyzer's own input limit (crate/limits.rs). */
export const MAX_CODE_BYTES = 8 * 1024 * 1024;
/** The editions the analyzer knows (`Options.edition`); a link naming another is refused. */
export const EDITIONS = ['2021', '2024'];
const megabytes = (n) => `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;

export class ShareError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ShareError';
  }
}

function toBase64Url(bytes) {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareError('the link is damaged: its code part has characters a share link never contains');
  // Base64 never leaves one character over: such a link lost its end.
  if (text.length % 4 === 1) throw new ShareError('the link is cut short: its code part ends mid-character');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary;
  try {
    binary = atob(b64);
  } catch {
    throw new ShareError('the link is damaged: its code part is not valid base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new ShareError(`its code would unpack to more than ${megabytes(limit)}, the most sendlens analyses`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The fragment (starting with `#`) that carries `code` and `edition`. Throws a ShareError when
 * the edition is unknown or the link would be longer than `decodeShare` accepts, so a link that
 * is handed out always opens.
 */
export async function encodeShare({ code, edition }) {
  const text = String(code ?? '');
  if (edition && !EDITIONS.includes(String(edition))) throw new ShareError(`sendlens does not know edition "${String(edition).slice(0, 20)}"`);
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_CODE_BYTES) throw new ShareError(`the code is larger than ${megabytes(MAX_CODE_BYTES)}, too large to share`);
  const deflated = await pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
  const params = new URLSearchParams();
  params.set('code', toBase64Url(deflated));
  if (edition) params.set('edition', String(edition));
  const fragment = `#${params.toString()}`;
  if (fragment.length > MAX_FRAGMENT_CHARS) throw new ShareError(`the code is too large for a link (${fragment.length} characters once compressed; at most ${MAX_FRAGMENT_CHARS})`);
  return fragment;
}

/** Whether a fragment looks like a share link at all (so other fragments, like `#rules`, are left alone). */
export function isShareFragment(fragment) {
  const f = String(fragment ?? '');
  return f.startsWith('#code=') || f.startsWith('code=');
}

/**
 * `{ code, edition }` from a fragment made by `encodeShare`; throws a ShareError with a message
 * for the reader when the fragment is oversized, truncated or damaged.
 */
export async function decodeShare(fragment) {
  const f = String(fragment ?? '');
  if (f.length > MAX_FRAGMENT_CHARS) {
    throw new ShareError(`the link is too long (${f.length} characters; share links have at most ${MAX_FRAGMENT_CHARS})`);
  }
  const params = new URLSearchParams(f.startsWith('#') ? f.slice(1) : f);
  const packed = params.get('code');
  if (packed === null || packed === '') throw new ShareError('the link carries no code');
  const edition = params.get('edition') ?? '2021';
  if (!EDITIONS.includes(edition)) throw new ShareError(`the link names edition "${edition.slice(0, 20)}", which sendlens does not know (it knows ${EDITIONS.join(' and ')})`);
  const deflated = fromBase64Url(packed);
  let inflated;
  try {
    inflated = await pipe(deflated, new DecompressionStream('deflate-raw'), MAX_CODE_BYTES);
  } catch (err) {
    if (err instanceof ShareError) throw err;
    // DecompressionStream rejects both damaged data and data that ends before the deflate
    // stream does (a link cut short), with a TypeError that names neither.
    throw new ShareError('the link is damaged or cut short: its code does not decompress');
  }
  let code;
  try {
    code = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    throw new ShareError('the link is damaged: its code is not UTF-8 text');
  }
  return { code, edition };
}
