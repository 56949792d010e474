// Keeps the reporter app's shell available offline: pages network-first, built assets cache-first.
// Data never goes through here: /db/ and /api/ always go to the network (RxDB keeps the data).
const CACHE = 'tablero-app-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

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
        .catch(() => caches.match('/app/')),
    );
  }
});
