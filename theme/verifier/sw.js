// Service worker of the verify page (scope: verify/). The build fills in VERSION (a hash of everything listed)
// and ASSETS. On install it stores the page, its scripts and the trust and revocation lists; afterwards every
// same-origin GET is network-first (so an online visit always shows the newest lists) and falls back to the
// stored copy when the network is gone, which is what makes QR and file verification work offline.
const VERSION = '__VERSION__';
/* global __ASSETS__ -- the build replaces it with the list of files to store (portal/site/verify_page.py) */
const ASSETS = __ASSETS__;
const CACHE = `1x-verify-${VERSION}`;
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('1x-verify-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(networkFirst(event.request));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => {
        setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS);
      }),
    ]);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const stored = await cache.match(request, { ignoreSearch: true });
    if (stored) return stored;
    throw error;
  }
}
