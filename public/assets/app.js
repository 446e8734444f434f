// Keqing's page script (README "Offline"): no framework, and nothing a page needs: without it every
// form posts as before. It registers the service worker, asks it to sync the rep's pages, marks a
// page shown from the device's copy with the time of that copy, and keeps quick logs made without a
// network in the offline queue (queue.js) until the server has them.
(function () {
  "use strict";
  const KQ = self.KQ;
  const user = document.body.dataset.user || null;
  const csrfMeta = document.querySelector('meta[name="kq-csrf"]');
  const csrf = csrfMeta ? csrfMeta.content : "";
  const wordsEl = document.getElementById("kq-words");
  const words = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  const keptMeta = document.querySelector('meta[name="kq-kept"]');
  const keptAt = keptMeta ? Number(keptMeta.content) || 0 : null;
  const main = document.querySelector("main");
  const say = (s, vars) => String(s || "").replace(/\{(\w+)\}/g, (_, k) => (vars && k in vars ? vars[k] : ""));
  const pad = (n) => String(n).padStart(2, "0");
  /** The device's local time as a datetime-local input wants it. */
  const localNow = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const newKey = () => `log-${crypto.randomUUID().replace(/-/g, "")}`;
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  };

  // ---- the gift cap while typing --------------------------------------------------------------
  // The quick log says so before saving when the gift typed takes the store past the year's cap
  // (giftCapPerStoreYear); the saved page says it in any case.
  const capNote = document.getElementById("gift-cap-live");
  const giftValue = document.querySelector('input[name="gift.value"]');
  if (capNote && giftValue) {
    const checkCap = () => {
      const value = Number(giftValue.value);
      capNote.hidden = !(value > 0 && Number(capNote.dataset.spent) + value > Number(capNote.dataset.cap));
    };
    giftValue.addEventListener("input", checkCap);
    if (giftValue.form) giftValue.form.addEventListener("reset", () => setTimeout(checkCap));
    checkCap();
  }

  // ---- copy a drafted greeting (for WeChat) --------------------------------------------------
  // Each draft's button is hidden in the markup (without script the text stays selectable) and
  // copies the draft's own blockquote. The clipboard API needs a secure context; otherwise the text is
  // selected and copied the old way.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const quote = button.closest("li") && button.closest("li").querySelector("blockquote");
    if (!quote) continue;
    button.hidden = false;
    const done = () => (button.textContent = button.dataset.copied);
    button.addEventListener("click", () => {
      const fallback = () => {
        const range = document.createRange();
        range.selectNodeContents(quote);
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        if (document.execCommand("copy")) done();
      };
      if (navigator.clipboard) navigator.clipboard.writeText(quote.textContent || "").then(done, fallback);
      else fallback();
    });
  }

  // ---- the service worker ---------------------------------------------------------------------
  const sw = "serviceWorker" in navigator ? navigator.serviceWorker : null;
  const askSync = () => {
    if (!sw || !user || keptAt !== null || !navigator.onLine) return;
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a service worker's postMessage takes no target origin
    sw.ready.then((reg) => reg.active && reg.active.postMessage({ type: "sync", user })).catch(() => undefined);
  };
  if (sw) {
    sw.register("/sw.js").catch(() => undefined);
    sw.addEventListener("message", (event) => {
      const msg = event.data || {};
      if (msg.type === "synced") document.documentElement.dataset.kqSynced = msg.version;
      if (msg.type === "queue") void render();
    });
    // A new version took over (its caches start empty): sync again.
    sw.addEventListener("controllerchange", askSync);
    askSync();
  }

  // ---- a page from the device's copy -------------------------------------------------------------
  if (keptAt !== null && main) {
    const at = keptAt ? new Date(keptAt) : null;
    const text = at ? say(words.banner, { time: `${pad(at.getHours())}:${pad(at.getMinutes())}` }) : words.bannerNever;
    main.prepend(el("div", { class: "alert warn", role: "status", id: "kq-offline" }, text));
  }

  if (!user || !KQ) return;

  // ---- the queue's badge: "待上传 N", each entry with its state ---------------------------------
  const stateWord = { queued: words.stateQueued, refused: words.stateRefused, signin: words.stateSignin };
  async function render() {
    const entries = await KQ.list(user);
    const old = document.getElementById("kq-queue");
    if (entries.length === 0) {
      if (old) old.remove();
      return;
    }
    const list = el("ul", { class: "plain" });
    for (const e of entries) {
      const f = new Map(e.fields);
      const item = el("li", { "data-key": e.key, "data-state": e.state },
        el("strong", {}, e.storeName || ""), ` ${e.contact ? `· ${e.contact} ` : ""}· ${(f.get("when") || "").replace("T", " ")} `,
        el("span", { class: `pill state-${e.state}` }, stateWord[e.state] || e.state));
      if (e.state === "refused") {
        item.append(el("div", { class: "field-error" }, e.message || ""));
        const fixLink = el("a", { class: "button secondary", href: `/log?storeId=${encodeURIComponent(f.get("storeId") || "")}#fix=${encodeURIComponent(e.key)}` }, words.fix);
        const discard = el("button", { class: "secondary", type: "button" }, words.discard);
        discard.addEventListener("click", () => {
          if (confirm(words.discardConfirm)) void KQ.remove(e.key).then(render);
        });
        item.append(el("div", { class: "row" }, fixLink, discard));
      }
      list.append(item);
    }
    const upload = el("button", { class: "secondary", type: "button" }, words.uploadNow);
    upload.addEventListener("click", () => void flush());
    const box = el("details", { id: "kq-queue", class: "card queue", open: "" }, el("summary", {}, el("span", { class: "badge" }, say(words.pending, { n: entries.length }))), list, upload);
    if (old) old.replaceWith(box);
    else if (main) main.prepend(box);
  }

  let flushing = null;
  /** Sends this user's waiting entries (page open, network back, or the button). */
  function flush() {
    if (!navigator.onLine) return render();
    flushing = flushing || KQ.replay({ user, csrf }).catch(() => undefined).finally(() => {
      flushing = null;
    });
    return flushing.then(render);
  }
  window.addEventListener("online", () => void flush());
  void render().then(() => (keptAt === null ? flush() : undefined));

  // ---- the quick log -------------------------------------------------------------------------------
  // A new log only (it carries an idempotency key): fixing a logged one or adding intel to it posts
  // as a plain form.
  const form = document.querySelector("form.log-form");
  const key = form && form.elements.namedItem("idempotencyKey");
  if (!form || !key) return;
  const when = form.elements.namedItem("when");
  // A copy of the form is shown again and again: each entry made from it needs its own key and time.
  if (keptAt !== null) {
    key.value = newKey();
    if (when) when.value = localNow();
  }

  // Fixing a refused entry: its fields back in the form, with the server's reason.
  async function fix() {
    const wanted = location.hash.match(/^#fix=(.+)$/);
    const entry = wanted && (await KQ.get(decodeURIComponent(wanted[1])));
    if (!entry || entry.user !== user) return;
    for (const [name, value] of entry.fields) {
      const field = form.elements.namedItem(name);
      if (!field || name === "_csrf") continue;
      if (field instanceof RadioNodeList) for (const r of field) r.checked = r.value === value;
      else if (field.type === "checkbox") field.checked = value === field.value;
      else field.value = value;
    }
    for (const a of form.querySelectorAll(".alert")) a.remove();
    form.prepend(el("div", { class: "alert error", role: "alert" }, say(words.fixing, { m: entry.message || "" })));
    form.scrollIntoView();
  }
  window.addEventListener("hashchange", () => void fix());
  void fix();

  // On-site check-in (policy on: data-check-in): a visit asks the phone where it is, once, at the
  // moment it is saved; the answer goes in the form's hidden fields (and so into a queued entry). A
  // refusal, no fix within 5 s or an unanswered prompt leaves them empty: the log is never held up.
  const position = ["lat", "lng", "accuracyM"].map((k) => form.elements.namedItem(`position.${k}`));
  function here() {
    const channel = form.elements.namedItem("channel");
    if (form.dataset.checkIn !== "1" || !position[0] || !navigator.geolocation || (channel && channel.value !== "visit")) return Promise.resolve(null);
    return new Promise((resolve) => {
      // The timeout option starts once permission is given; this one also ends a prompt left open.
      const guard = setTimeout(() => resolve(null), 10_000);
      const done = (coords) => {
        clearTimeout(guard);
        resolve(coords);
      };
      navigator.geolocation.getCurrentPosition((p) => done(p.coords), () => done(null), { enableHighAccuracy: true, timeout: 5000, maximumAge: 60_000 });
    });
  }

  let busy = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!busy) void submit();
  });
  async function submit() {
    busy = true;
    try {
      const coords = await here();
      if (position[0]) {
        const values = coords ? [coords.latitude, coords.longitude, Math.round(coords.accuracy * 10) / 10] : ["", "", ""];
        position.forEach((field, i) => (field.value = String(values[i])));
      }
      const contact = form.elements.namedItem("contactId");
      const entry = {
        key: key.value,
        user,
        csrf,
        createdAt: Date.now(),
        state: "queued",
        // The quick log has no file fields: every value is a string.
        fields: [...new FormData(form)].filter(([k]) => k !== "_csrf").map(([k, v]) => [k, typeof v === "string" ? v : ""]),
        storeName: (document.querySelector("h1") || {}).textContent?.trim() || "",
        contact: contact && contact.value ? contact.selectedOptions[0].textContent.trim() : "",
      };
      // Entries still waiting go first: this one joins the end of the queue so the order holds.
      const waiting = (await KQ.list(user)).some((e) => e.state === "queued" && e.key !== entry.key);
      if (navigator.onLine && !waiting) {
        const result = await KQ.send(entry, csrf);
        if (result.outcome === "stored") {
          await KQ.remove(entry.key); // a fixed entry is done
          const w = (result.body.warnings || []).join(",");
          location.assign(`/log/saved/${result.body.id}${w ? `?w=${w}` : ""}`);
          return;
        }
        if (result.outcome === "refused") {
          // The server says why on its own page, beside each field: the form posts as it would without script.
          await KQ.remove(entry.key);
          form.submit();
          return;
        }
        // The session ended: kept, and sent once this rep has signed in again (never lost to the sign-in page).
        if (result.outcome === "signin") entry.state = "signin";
      }
      await KQ.put(entry);
      if (sw) sw.ready.then((reg) => reg.sync && reg.sync.register(KQ.SYNC_TAG)).catch(() => undefined);
      // Ready for the next entry: the same store, a new key, the time now.
      form.reset();
      key.value = newKey();
      if (when) when.value = localNow();
      for (const a of form.querySelectorAll(".alert:not(#gift-cap-live)")) a.remove();
      if (location.hash) history.replaceState(null, "", location.pathname + location.search);
      const note = document.getElementById("kq-queued") || el("div", { class: "alert ok", role: "status", id: "kq-queued" });
      note.textContent = words.queued;
      form.before(note);
      await flush();
      window.scrollTo(0, 0);
    } finally {
      busy = false;
    }
  }
})();
