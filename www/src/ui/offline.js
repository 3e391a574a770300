// Offline support: registers the service worker (built by www/build.mjs into site/sw.js; the
// page serves it from the site root as sw.js so that its scope covers the whole page) and
// hands it the list of files this page already loaded, so the wasm and Trunk's hashed files
// are cached on the first visit too. Does nothing where service workers or storage are
// unavailable (a sandboxed iframe, a private window, plain http on another host).

export async function enableOffline() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return { registered: false, reason: 'unsupported' };
  // index.html opts in by naming the worker it serves at the site root:
  //   <meta name="iam-playground-service-worker" content="sw.js">
  // (with Trunk: <link data-trunk rel="copy-file" href="www/site/sw.js"> copies it there)
  const meta = document.querySelector('meta[name="iam-playground-service-worker"]');
  if (!meta || !meta.content) return { registered: false, reason: 'the page names no service worker' };
  const url = new URL(meta.content, document.baseURI);
  try {
    const reg = await navigator.serviceWorker.register(url);
    await navigator.serviceWorker.ready;
    const urls = [location.href.split('#')[0], ...performance.getEntriesByType('resource').map((e) => e.name)].filter((u) => u.startsWith(location.origin));
    const worker = reg.active || reg.waiting || reg.installing;
    if (worker) worker.postMessage({ type: 'iam-playground:cache', urls: [...new Set(urls)] });
    return { registered: true, scope: reg.scope };
  } catch (e) {
    return { registered: false, reason: String(e && e.message ? e.message : e) };
  }
}
