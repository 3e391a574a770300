// Fetching the AWS action catalogue asset (`site/iam-catalogue-<version>-<hash>.txt.gz`, written
// by www/build.mjs): the worker (or, without one, the page) downloads it after the first
// decision is on screen and hands the text to the engine's `catalogueInstall`.

/**
 * The catalogue's text from the bytes a server sent: gzip (magic bytes 1f 8b) is decompressed
 * with `DecompressionStream('gzip')`; anything else is taken as the text itself (a server that
 * sent the file with `Content-Encoding: gzip` lets the browser decode it before we see it).
 */
export async function catalogueText(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    if (typeof DecompressionStream !== 'function') throw new Error('this browser cannot decompress gzip (no DecompressionStream)');
    const stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }
  return new TextDecoder().decode(b);
}

/** Downloads the catalogue at `url` and returns its text; throws a message naming the URL. */
export async function fetchCatalogue(url, fetchFn = fetch) {
  let res;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new Error(`the AWS action catalogue could not be downloaded from ${url}: ${e && e.message ? e.message : e}`);
  }
  if (!res.ok) throw new Error(`the AWS action catalogue could not be downloaded from ${url}: HTTP ${res.status}`);
  return catalogueText(new Uint8Array(await res.arrayBuffer()));
}
