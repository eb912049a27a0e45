// The service worker. scripts/gen-sw.sh fills in the build's file list and version at build time.
//
// - The app shell (every file of this build) is precached in a versioned cache; a new build gets
//   a new cache and the old one is deleted once the new worker takes over.
// - Pages (navigations) are answered by the network, or offline by the last page the server sent
//   (the shop app, or the staff app for staff), else the precached shop app.
// - The staff app's files (hashed names, never changed) are cached the first time they load.
//   The shop app's lazily loaded pages (their modules) are part of the shell: precached.
// - Catalogue answers (GET /api/…) go to the network first and fall back to the last copy, so the
//   last catalogue opens offline; the page shows how old it is. They are kept per account (one
//   cache per account, "restock-api-<id>"; answers can carry one shop's promotions): the page
//   tells this worker who is signed in (a message {type: "account", id}), an account's answers are
//   only ever served to that account, the others' are deleted when the account changes, and with
//   nobody signed in answers are neither kept nor served from the cache.
// - Packshots are served from cache and refreshed in the background.
const VERSION = "__VERSION__";
const SHELL = "restock-shell-" + VERSION;
const API = "restock-api"; // prefix: one cache per account
const ACCOUNT = "/__account"; // in RUNTIME: who the page said is signed in (survives restarts)
const IMAGES = "restock-img";
const RUNTIME = "restock-runtime";
const LAST_PAGE = "/__last-page";
// Trunk's hashed names, and the folders of split WebAssembly named by their contents.
const HASHED = /-[0-9a-f]{12,16}((_bg)?\.(js|wasm|css)|\/[^/]+\.(js|wasm))$/;
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
      // Old shells, and answers kept before they were kept per account.
      .then((keys) => Promise.all(keys.filter((k) => (k.startsWith("restock-shell-") && k !== SHELL) || k === API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The signed-in account as the page last said: undefined until read back, null for nobody.
let account;

async function currentAccount() {
  if (account === undefined) {
    const saved = await caches.match(ACCOUNT, { cacheName: RUNTIME });
    const id = saved ? await saved.text() : "";
    if (account === undefined) account = id || null;
  }
  return account;
}

async function setAccount(id) {
  account = id;
  const runtime = await caches.open(RUNTIME);
  if (id === null) await runtime.delete(ACCOUNT);
  else await runtime.put(ACCOUNT, new Response(id));
  const keep = id === null ? null : API + "-" + id;
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith(API) && k !== keep).map((k) => caches.delete(k)));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "account") {
    event.waitUntil(setAccount(data.id === null || data.id === undefined ? null : String(data.id)));
  }
  // A page that loaded while this worker was being installed is left uncontrolled by the claim in
  // "activate" when it was not yet a client then; it asks again, so that it works offline at once.
  if (data.type === "claim") {
    event.waitUntil(self.clients.claim());
  }
});

async function apiAnswer(request) {
  const who = await currentAccount();
  if (who === null) return fetch(request);
  return networkFirst(request, API + "-" + who, () => account === who);
}

async function networkFirst(request, cacheName, stillCurrent = () => true) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    // An answer that arrives after its account signed out is not kept.
    if (response.ok && stillCurrent()) cache.put(request, response.clone());
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
    event.respondWith(
      fetch(request)
        .then((r) => {
          // The staff app's page is kept for offline use (its files are in RUNTIME, never
          // deleted); the shop app's is the precached one, which always matches its files.
          if (r.ok) {
            const copy = r.clone();
            const staff = r.headers.get("x-restock-app") === "staff";
            caches.open(RUNTIME).then((c) => (staff ? c.put(LAST_PAGE, copy) : c.delete(LAST_PAGE)));
          }
          return r;
        })
        .catch(async () => (await caches.match(LAST_PAGE, { cacheName: RUNTIME })) || caches.match("/index.html", { cacheName: SHELL }))
    );
  } else if (url.pathname.startsWith("/api/")) {
    event.respondWith(apiAnswer(request));
  } else if (url.pathname.startsWith("/img/")) {
    event.respondWith(staleWhileRevalidate(request, IMAGES));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: SHELL }).then((r) => r || fetch(request)));
  } else if (url.pathname.startsWith("/scanner/")) {
    // The decoder, once fetched, also scans offline; a newer one replaces it when online.
    event.respondWith(staleWhileRevalidate(request, RUNTIME));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(caches.open(RUNTIME).then(async (c) => {
      const hit = await c.match(request);
      if (hit) return hit;
      const r = await fetch(request);
      if (r.ok) c.put(request, r.clone());
      return r;
    }));
  }
});
