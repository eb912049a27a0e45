// The service worker. scripts/gen-sw.sh fills in the build's file list and version at build time.
//
// - The app shell (every file of this build) is precached in a versioned cache; a new build gets
//   a new cache and the old one is deleted once the new worker takes over.
// - Pages (navigations) are answered by the network, or by the cached index.html offline.
// - Catalogue answers (GET /api/…) go to the network first and fall back to the last copy, so the
//   last catalogue opens offline; the page shows how old it is.
// - Packshots are served from cache and refreshed in the background.
const VERSION = "__VERSION__";
const SHELL = "restock-shell-" + VERSION;
const API = "restock-api";
const IMAGES = "restock-img";
const PRECACHE = [
__PRECACHE__
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((c) => c.addAll(PRECACHE.map((u) => new Request(u, { cache: "reload" })))).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("restock-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw err;
  }
}

async function staleWhileRevalidate(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((r) => { if (r.ok) cache.put(request, r.clone()); return r; });
  return cached || fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/index.html", { cacheName: SHELL })));
  } else if (url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirst(request, API));
  } else if (url.pathname.startsWith("/img/")) {
    event.respondWith(staleWhileRevalidate(request, IMAGES));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: SHELL }).then((r) => r || fetch(request)));
  }
});
