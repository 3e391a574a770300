// Service worker: the playground works offline once loaded. Precaches the bundle, the
// presets and the AWS action catalogue listed at build time (the catalogue is served from
// the cache first: its name changes with its content), caches everything else the page loads
// (the wasm, Trunk's hashed files, index.html) as it is fetched, and serves from the cache
// when offline.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `iam-playground-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => Promise.all(PRECACHE.map((u) => c.add(new Request(new URL(u, self.registration.scope), { cache: 'reload' })).catch(() => {}))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('iam-playground-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page tells us what it loaded before we controlled it, so that is cached too.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'iam-playground:cache' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    caches.open(CACHE).then((c) =>
      Promise.all(
        data.urls
          .filter((u) => typeof u === 'string' && new URL(u).origin === self.location.origin)
          .map((u) => c.match(u).then((hit) => hit || c.add(u).catch(() => {}))),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  // the AWS action catalogue is named by its content: a cached copy is never stale
  if (/\/iam-catalogue-[^/]*\.txt\.gz$/.test(new URL(req.url).pathname)) {
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok && res.type === 'basic') {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(req, copy)).catch(() => {});
      }
      return res;
    })));
    return;
  }
  // network first (fresh when online), cache when offline; navigations fall back to the app shell
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok && res.type === 'basic') {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy)).catch(() => {});
        }
        return res;
      })
      .catch(() =>
        caches.match(req, { ignoreSearch: req.mode === 'navigate' }).then((hit) => {
          if (hit) return hit;
          if (req.mode === 'navigate') return caches.match(new URL('./', self.registration.scope).toString()).then((shell) => shell || Response.error());
          return Response.error();
        }),
      ),
  );
});
