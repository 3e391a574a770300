// Share links: the whole scenario in the URL fragment as `s=1.<base64url(deflate-raw(JSON))>`.
//
// The payload is `{"engine": VERSION, "scenario": TEXT}` minified; the scenario is kept as
// its exact text so a link opens exactly what was shared. Decoding treats the fragment as
// untrusted: bounded sizes, a known version, well-formed JSON, only the fields we know.

export const SHARE_VERSION = '1';
/** Longest fragment value we try to decode (characters). */
export const MAX_LINK_CHARS = 200_000;
/** Largest inflated payload we accept (bytes): guards against zip bombs. */
export const MAX_INFLATED_BYTES = 2_000_000;
/** Above this URL length we warn that chat and wiki tools may cut the link. */
export const WARN_LINK_CHARS = 8_000;

export class ShareError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // 'version' | 'damaged' | 'oversized'
  }
}

function toBase64Url(bytes) {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareError('damaged', 'the link contains characters that are not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  let bin;
  try {
    bin = atob(b64);
  } catch {
    throw new ShareError('damaged', 'the link is not valid base64url');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream, limit) {
  const writer = stream.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (limit && total > limit) {
      reader.cancel().catch(() => {});
      throw new ShareError('oversized', `the shared scenario inflates to more than ${Math.round(limit / 1e6)} MB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Encode a scenario text into the fragment value `1.<data>`. */
export async function encodeShare(scenarioText, engineVersion) {
  const payload = JSON.stringify({ engine: engineVersion || 'unknown', scenario: scenarioText });
  const deflated = await pipe(new TextEncoder().encode(payload), new CompressionStream('deflate-raw'));
  return `${SHARE_VERSION}.${toBase64Url(deflated)}`;
}

/** Decode the fragment value `1.<data>`; throws ShareError with a user-facing message. */
export async function decodeShare(value) {
  if (typeof value !== 'string' || value.length === 0) throw new ShareError('damaged', 'the share link is empty');
  if (value.length > MAX_LINK_CHARS) {
    throw new ShareError('oversized', `the share link is ${value.length.toLocaleString('en')} characters long; the limit is ${MAX_LINK_CHARS.toLocaleString('en')}`);
  }
  const dot = value.indexOf('.');
  const version = dot < 0 ? value : value.slice(0, dot);
  if (dot < 0 || !/^\d+$/.test(version)) throw new ShareError('damaged', 'the share link has no version prefix (expected `s=1.…`)');
  if (version !== SHARE_VERSION) {
    throw new ShareError('version', `this link uses share format version ${version}, but this playground reads version ${SHARE_VERSION}; open it with a newer playground`);
  }
  const bytes = fromBase64Url(value.slice(dot + 1));
  let inflated;
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_INFLATED_BYTES);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('damaged', 'the link data could not be decompressed (it was probably cut short or altered)');
  }
  let payload;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    throw new ShareError('damaged', 'the link data is not valid JSON');
  }
  if (!payload || typeof payload !== 'object' || typeof payload.scenario !== 'string') {
    throw new ShareError('damaged', 'the link data does not hold a scenario');
  }
  return { scenario: payload.scenario, engine: typeof payload.engine === 'string' ? payload.engine : null };
}

/** Parse `#a=1&b=2` (or `a=1&b=2`) into a Map, keeping values raw (base64url needs no decoding). */
export function parseFragment(hash) {
  const out = new Map();
  const h = (hash || '').replace(/^#/, '');
  if (!h) return out;
  for (const part of h.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    let v = eq < 0 ? '' : part.slice(eq + 1);
    if (k !== 's') {
      try {
        v = decodeURIComponent(v);
      } catch {
        /* keep raw */
      }
    }
    out.set(k, v);
  }
  return out;
}
