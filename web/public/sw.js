/*
 * Offline copy of the planner. On install it caches every file of the build (precache.json, written by
 * the build: hashed chunks, the solver worker, the HiGHS wasm), so a second visit works with no network,
 * whichever screens were opened. Requests go to the network first (a new build shows at once) and fall
 * back to the copy. Student data never passes through here: it lives in IndexedDB.
 */
const CACHE = 'ks4-planner-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      let files = [];
      try {
        files = await (await fetch('./precache.json', { cache: 'no-store' })).json();
      } catch {
        // A dev server has no list: fall back to caching pages as they are fetched.
      }
      await cache.addAll(['./', ...files]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() =>
        caches
          .match(req, { ignoreSearch: true })
          .then((hit) => hit || (req.mode === 'navigate' ? caches.match('./index.html') : undefined))
          .then((hit) => hit || Response.error()),
      ),
  );
});
