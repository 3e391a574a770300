// Offline support: registers the service worker (built into site/sw.js and served from the
// site root as sw.js) and hands it the list of files this page already loaded, so the wasm
// and Trunk's hashed files are cached on the first visit too.

export async function enableOffline() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return { registered: false, reason: 'unsupported' };
  const candidates = [new URL('sw.js', document.baseURI), new URL('./sw.js', import.meta.url)];
  for (const url of candidates) {
    try {
      const scope = new URL('./', document.baseURI);
      const reg = await navigator.serviceWorker.register(url, { scope: url.href.startsWith(scope.href) && !url.pathname.includes('/site/') ? scope.href : undefined });
      await navigator.serviceWorker.ready;
      const urls = [location.href.split('#')[0], ...performance.getEntriesByType('resource').map((e) => e.name)].filter((u) => u.startsWith(location.origin));
      const worker = reg.active || reg.waiting || reg.installing;
      if (worker) worker.postMessage({ type: 'iam-playground:cache', urls: [...new Set(urls)] });
      return { registered: true, scope: reg.scope };
    } catch {
      /* try the next location: storage may be denied (sandboxed iframe) or the file absent */
    }
  }
  return { registered: false, reason: 'no service worker file' };
}
