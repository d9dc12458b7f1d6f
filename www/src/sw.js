// The page's service worker: keeps the page working offline after its first visit.
//
// This file is a template. `cargo xtask build` (xtask/src/offline.rs) writes the real one to the
// site's root as `sw.js` (a service worker only controls pages at or below its own folder, and
// index.html is at the root), replacing the two placeholders below with the list of the page's
// files and a version that is a hash of that list and of the files' contents. Any change to an
// asset therefore changes sw.js byte for byte, which is what makes browsers install the new
// worker; it caches the new files under a new name and deletes the old cache.
//
// Strategy: cache first for the page's own files (they are versioned as a set, so a cached copy
// is never stale for its worker), the network for everything else (the embed, the demo article).

const VERSION = '__SENDLENS_SW_VERSION__';
const ASSETS = /* __SENDLENS_SW_ASSETS__ */ [];
const PREFIX = 'sendlens-';
const CACHE = `${PREFIX}${VERSION}`;

const scope = new URL(self.registration.scope);
const assetUrls = new Set(ASSETS.map((a) => new URL(a, scope).href));

/** The cached file for a request, by path (queries such as `?analysisTimeout=` are for the page). */
function cacheKey(request) {
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return null;
  url.search = '';
  url.hash = '';
  // The folder itself is index.html, as a static server answers it.
  if (url.href === scope.href) url.href = new URL('index.html', scope).href;
  return assetUrls.has(url.href) ? url.href : null;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload` bypasses the HTTP cache: the new version must cache the new files.
      await cache.addAll([...assetUrls].map((url) => new Request(url, { cache: 'reload' })));
      // Take over at once: every asset of this version is cached, and pages load all of theirs
      // at startup, so an open page does not mix versions in practice.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  const key = cacheKey(event.request);
  if (!key) return;
  event.respondWith(
    (async () => {
      const cached = await caches.match(key, { cacheName: CACHE });
      return cached ?? fetch(event.request);
    })(),
  );
});
