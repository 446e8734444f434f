// The offline queue of quick logs (README "Offline"), shared by the page script (app.js) and the
// service worker (sw.js, importScripts): entries in IndexedDB, each under its idempotency key, sent
// one by one, oldest first, to POST /log as the form would send them (the server turns the form's
// fields into the interaction and answers JSON when asked to). A replay of an entry the server
// already stored returns that row: nothing is stored twice.
//
// An entry's state: "queued" (waiting for the network), "refused" (the server said no and why:
// the rep fixes or discards it), "signin" (the session ended: it waits for the rep to sign in).
// Nothing leaves the queue except a stored entry or one the rep discards.
(function (scope) {
  "use strict";
  const DB = "keqing";
  const STORE = "queue";
  const SYNC_TAG = "kq-queue";

  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.addEventListener("upgradeneeded", () => req.result.createObjectStore(STORE, { keyPath: "key" }));
      req.addEventListener("success", () => resolve(req.result));
      req.addEventListener("error", () => reject(req.error));
    });
  }

  async function tx(mode, work) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const t = db.transaction(STORE, mode);
        const result = work(t.objectStore(STORE));
        t.addEventListener("complete", () => resolve(result && "result" in result ? result.result : undefined));
        t.addEventListener("error", () => reject(t.error));
        t.addEventListener("abort", () => reject(t.error));
      });
    } finally {
      db.close();
    }
  }

  /** Every entry, oldest first; only `user`'s when given (another rep's entries stay hidden and unsent). */
  async function list(user) {
    const all = (await tx("readonly", (s) => s.getAll())) || [];
    return all.filter((e) => user == null || e.user === user).sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
  }

  const put = (entry) => tx("readwrite", (s) => s.put(entry));
  const remove = (key) => tx("readwrite", (s) => s.delete(key));
  const get = (key) => tx("readonly", (s) => s.get(key));

  /**
   * One entry to the server. Returns "stored", "refused" (with the server's message and fields),
   * "signin" (no session, or a token of another session), or "retry" (network, timeout, 5xx).
   */
  async function send(entry, csrf) {
    let res;
    try {
      res = await fetch("/log", {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded", "x-csrf-token": csrf },
        body: new URLSearchParams(entry.fields).toString(),
        signal: AbortSignal.timeout(20000),
      });
    } catch {
      return { outcome: "retry" };
    }
    if (res.ok) return { outcome: "stored", body: await res.json().catch(() => ({})) };
    if (res.status === 401 || res.status === 403 || res.type === "opaqueredirect") return { outcome: "signin" };
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      const body = await res.json().catch(() => ({}));
      const error = body.error || {};
      const fields = error.fields || {};
      // The field's own words first: they say what to fix.
      const message = [error.message, ...Object.values(fields)].filter(Boolean).join(" · ") || String(res.status);
      return { outcome: "refused", message, fields, status: res.status };
    }
    return { outcome: "retry" };
  }

  /**
   * Sends the waiting entries, oldest first, one at a time, under a lock shared by every page and the
   * service worker (so two tabs and a Background Sync never send the same entry side by side). With
   * `page` ({ user, csrf }) a page sends its own user's entries with its own token; without, the
   * service worker sends each with the token saved with it (a token of an ended session gets
   * "signin", and the entry waits). A network failure stops the round: later entries never overtake
   * an earlier one.
   */
  async function replay(page) {
    const run = async () => {
      for (const entry of await list(page ? page.user : null)) {
        if (entry.state === "refused") continue;
        if (entry.state === "signin" && !page) continue;
        const result = await send(entry, page ? page.csrf : entry.csrf);
        if (result.outcome === "stored") await remove(entry.key);
        else if (result.outcome === "retry") return;
        else if (result.outcome === "signin") {
          await put({ ...entry, state: "signin" });
          return;
        } else await put({ ...entry, state: "refused", message: result.message, fields: entry.fields, errors: result.fields, status: result.status });
      }
    };
    if (scope.navigator && scope.navigator.locks) return scope.navigator.locks.request(SYNC_TAG, run);
    return run();
  }

  scope.KQ = { SYNC_TAG, list, put, remove, get, send, replay };
})(self);
