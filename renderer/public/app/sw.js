// Keeps the reporter app available offline from its first visit: at install it stores the page and
// every built asset (the server puts their list in PRECACHE when it serves this file), so a laptop
// that was online once opens with no connection. Pages network-first, assets cache-first.
// Data never goes through here: /db/ and /api/ always go to the network (RxDB keeps the data).
/* global PRECACHE, PRECACHE_VERSION */
const CACHE = `tablero-app-${typeof PRECACHE_VERSION === 'string' ? PRECACHE_VERSION : 'dev'}`;
const FILES = typeof PRECACHE === 'object' ? PRECACHE : [];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('tablero-app-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const hit = await cache.match(event.request);
        if (hit) return hit;
        const response = await fetch(event.request);
        if (response.ok) cache.put(event.request, response.clone());
        return response;
      }),
    );
  } else if (event.request.mode === 'navigate' && url.pathname.startsWith('/app/')) {
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put('/app/', copy));
          return response;
        })
        .catch(() => caches.open(CACHE).then((cache) => cache.match('/app/'))),
    );
  }
});
