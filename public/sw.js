// Keqing's service worker (README "Offline"). Served through the Worker (src/http/app.tsx), which puts
// `const VERSION = "<deploy version id>"` in front of this file: each deploy is a new script, whose
// caches replace the old ones on activation.
//
// - The app's own files (stylesheet, scripts, manifest, icon) are kept per version, cache first.
// - Pages the rep uses in the field (/today, /log, /stores, /contacts) are network first; without a
//   network the last copy is shown, marked with the time it was fetched (the page script shows it).
// - Kept pages belong to one user (the x-kq-user header of every page): a page for anyone else, or
//   for no one (signed out), empties the page cache first, so no one is ever shown another's copy.
// - The offline queue (queue.js) is also sent from here on Background Sync.
/* global VERSION, KQ */
importScripts("/assets/queue.js");

const STATIC = `kq-static-${VERSION}`;
const PAGES = `kq-pages-${VERSION}`;
const SHELL = ["/assets/app.css", "/assets/app.js", "/assets/queue.js", "/manifest.webmanifest", "/assets/icon-192.png"];
/** Pages kept for offline use; a saved-entry confirmation is not one of them. */
const KEPT = /^\/(today|log|stores|contacts)(\/|$)/;
const NOT_KEPT = /^\/log\/saved\//;
/** Where the cache's owner and last sync time are kept, inside the page cache itself. */
const OWNER = "/__kq/owner";
/** A full sync (every store's pages) at most this often; pages opened in between are kept as they are opened. */
const SYNC_EVERY_MS = 30 * 60_000;
/** How long a page may take before the kept copy is shown instead (weak signal in a basement). */
const NETWORK_TIMEOUT_MS = 6000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Every cache of an earlier version goes: its files and its pages (the new version syncs anew).
      for (const name of await caches.keys()) if (name.startsWith("kq-") && name !== STATIC && name !== PAGES) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function owner() {
  const res = await (await caches.open(PAGES)).match(OWNER);
  return res ? res.json() : { user: "", syncedAt: 0 };
}

async function setOwner(value) {
  await (await caches.open(PAGES)).put(OWNER, new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } }));
}

/** The page cache holds one user's pages: a page rendered for anyone else empties it first. */
async function claimFor(user) {
  const current = await owner();
  if (current.user === user) return current;
  await caches.delete(PAGES);
  const fresh = { user, syncedAt: 0 };
  if (user) await setOwner(fresh);
  return fresh;
}

/** Keeps a page if it is a signed-in user's page of the kept kind; notes its owner either way. */
async function keep(url, res) {
  const user = res.headers.get("x-kq-user");
  if (user === null) return; // not one of our pages (an error from elsewhere)
  await claimFor(user);
  const path = new URL(url).pathname;
  if (!user || !res.ok || res.redirected || !KEPT.test(path) || NOT_KEPT.test(path)) return;
  const headers = new Headers(res.headers);
  headers.set("x-kq-fetched", String(Date.now()));
  await (await caches.open(PAGES)).put(url, new Response(await res.clone().blob(), { status: res.status, headers }));
}

/** A kept page, marked for the page script with when it was fetched. */
async function kept(url) {
  const res = await (await caches.open(PAGES)).match(url);
  if (!res) return null;
  const html = (await res.text()).replace("</head>", `<meta name="kq-kept" content="${res.headers.get("x-kq-fetched") ?? ""}"></head>`);
  return new Response(html, { status: 200, headers: { "content-type": "text/html; charset=utf-8", "x-kq-user": res.headers.get("x-kq-user") ?? "" } });
}

async function page(event) {
  const url = event.request.url;
  const network = fetch(event.request).then(async (res) => {
    await keep(url, res.clone());
    return res;
  });
  // The kept copy is offered only when the network fails or is slow; never for a non-kept path.
  const path = new URL(url).pathname;
  if (!KEPT.test(path)) return network;
  const slow = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, "slow"));
  try {
    const first = await Promise.race([network, slow]);
    if (first !== "slow") return first;
    return (await kept(url)) ?? (await network);
  } catch (err) {
    const copy = await kept(url);
    if (copy) return copy;
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate" && req.method !== "GET") {
    // A form post (sign-out answers with the sign-in page itself): only whose page it is matters.
    event.respondWith(
      fetch(req).then(async (res) => {
        const user = res.headers.get("x-kq-user");
        if (user !== null) await claimFor(user);
        return res;
      }),
    );
  } else if (req.method !== "GET") {
    return;
  } else if (req.mode === "navigate") {
    event.respondWith(page(event));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.open(STATIC).then(async (cache) => (await cache.match(req)) ?? fetch(req)));
  }
});

/**
 * A full sync: /today, /log, /stores and, for each of the user's stores (the first 200, as the API
 * lists them), its quick-log form and its page with the store's contacts. Pages are fetched a few at
 * a time; each is kept only if it is still the owner's (keep()).
 */
async function sync(force) {
  const mine = await owner();
  if (!mine.user || (!force && Date.now() - mine.syncedAt < SYNC_EVERY_MS)) return;
  const urls = ["/today", "/log", "/stores"];
  const list = await fetch("/api/stores?limit=200", { headers: { accept: "application/json" } });
  if (!list.ok) return;
  for (const s of (await list.json()).items) urls.push(`/log?storeId=${s.id}`, `/stores/${s.id}`);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = new URL(urls[next++], self.location.origin).href;
      const res = await fetch(url, { headers: { accept: "text/html" } });
      await keep(url, res);
      if (res.headers.get("x-kq-user") !== mine.user) throw new Error("signed out during sync");
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  await setOwner({ user: mine.user, syncedAt: Date.now() });
}

async function tellPages(message) {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a Client's postMessage takes no target origin
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

self.addEventListener("message", (event) => {
  const msg = event.data ?? {};
  if (msg.type === "sync" && typeof msg.user === "string") {
    // The page says who is signed in (it was just rendered for them): another user's copies go first.
    event.waitUntil(
      claimFor(msg.user)
        .then(() => sync(Boolean(msg.force)))
        .then(() => tellPages({ type: "synced", version: VERSION }))
        .catch(() => undefined), // offline or signed out: the next page open tries again
    );
  }
});

// Background Sync: the queue goes out when the browser sees the network back, even with no page open.
self.addEventListener("sync", (event) => {
  if (event.tag === KQ.SYNC_TAG) event.waitUntil(KQ.replay(null).finally(() => tellPages({ type: "queue" })));
});
