/*
 * Offline copy of the planner. On install it caches every file of the build (precache.json, written by
 * the build: hashed chunks, the solver worker, the HiGHS wasm), so a second visit works with no network,
 * whichever screens were opened. Requests go to the network first (a new build shows at once) and fall
 * back to the copy. Student data never passes through here: it lives in IndexedDB.
 *
 * A student's phone registers `sw.js?student`: it caches only the page itself on install, and the page
 * then sends the few files it loaded (a "keep" message), about 300 kB instead of the planner's 5 MB (the
 * solver and its wasm are never needed there). The offer in a student link is in the URL fragment, which
 * never reaches this worker or any server.
 *
 * The options server's API (/api/, when the site is served by `npm run serve`) is never touched here: its
 * answers are a pupil's own data (name, choices, receipt), marked no-store, and must not outlive a
 * sign-out in this phone's cache nor be answered from a stale copy.
 */
const isApi = (u) => new URL(u, self.location.href).pathname.startsWith('/api/');
const CACHE = 'ks4-planner-v1';
const STUDENT = new URL(self.location.href).searchParams.has('student');

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      let files = [];
      if (!STUDENT) {
        try {
          files = await (await fetch('./precache.json', { cache: 'no-store' })).json();
        } catch {
          // A dev server has no list: fall back to caching pages as they are fetched.
        }
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

// The student page names the files it loaded (its first visit is not yet served through this worker).
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === 'string' && new URL(u, self.location.href).origin === self.location.origin && !isApi(u));
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        urls.map((u) =>
          cache.match(u, { ignoreSearch: true }).then((hit) => hit || cache.add(new URL(u, self.location.href).pathname).catch(() => undefined)),
        ),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin || isApi(req.url)) return;
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
