// Offline reading, better with JavaScript: a reader saves a magazine issue on the device (its pages, the
// front end and its pictures, listed by the issue's offline.json) and reads it without a network, served by
// /sw.js. Without this file, or without service workers, nothing of it shows: the boxes stay hidden.
//
// Each saved issue is one cache, "likewise-issue:<issue path>:<version>". A cache counts as saved once it
// holds its metadata entry (<issue path>/offline-meta.json), written last; older versions of the issue are
// deleted only after a new copy is complete, so a failed refresh never loses the old one.
(function () {
  "use strict";
  var PREFIX = "likewise-issue:";
  var MAX_ISSUES = 10;
  var MEDIA_BUDGET = 30 * 1024 * 1024;
  var PARALLEL = 4;
  var READY_MS = 10000;

  var box = document.querySelector('[data-test="offline"]');
  var list = document.querySelector('[data-test="offline-saved"]');
  if (!box && !list) return;
  if (!("serviceWorker" in navigator) || !window.caches || !window.fetch || !window.Promise || !window.URL) return;

  var registration = navigator.serviceWorker.register("/sw.js", { scope: "/" });
  registration.catch(function () {});

  // ---- caches -------------------------------------------------------------------------------------------

  function cacheName(issue, version) { return PREFIX + issue + ":" + version; }

  /** {name, issue, version} of a cache of ours, or null. Issue paths hold no ":"; versions may. */
  function parseName(name) {
    if (name.indexOf(PREFIX) !== 0) return null;
    var rest = name.slice(PREFIX.length);
    var at = rest.indexOf(":");
    if (at < 0) return null;
    return { name: name, issue: rest.slice(0, at), version: rest.slice(at + 1) };
  }

  function metaUrl(issue) { return issue + "/offline-meta.json"; }

  /** Every cache of ours, with its metadata (null while incomplete). */
  function allCopies() {
    return caches.keys().then(function (names) {
      var ours = names.map(parseName).filter(Boolean);
      return Promise.all(ours.map(function (c) {
        return caches.open(c.name)
          .then(function (cache) { return cache.match(metaUrl(c.issue)); })
          .then(function (res) { return res ? res.json() : null; })
          .catch(function () { return null; })
          .then(function (meta) { c.meta = meta; return c; });
      }));
    });
  }

  /** The complete saved copy of an issue, or null. */
  function savedCopy(issue) {
    return allCopies().then(function (copies) {
      var mine = copies.filter(function (c) { return c.issue === issue && c.meta; });
      mine.sort(function (a, b) { return (b.meta.saved || 0) - (a.meta.saved || 0); });
      return mine[0] || null;
    });
  }

  function tellWorker() {
    return registration.then(function (reg) {
      var sw = reg.active || reg.waiting || reg.installing;
      if (sw) sw.postMessage("likewise-offline-changed");
    }).catch(function () {});
  }

  /** The worker active, so the saved copy answers once the network is gone; bounded. */
  function workerReady() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve) { setTimeout(resolve, READY_MS); }),
    ]).then(tellWorker);
  }

  function isPrivate(res) {
    var cc = (res.headers.get("Cache-Control") || "").toLowerCase();
    return /(^|[\s,])(private|no-store)([\s,=]|$)/.test(cc);
  }

  function isMedia(path) { return path.indexOf("/media/") === 0; }

  /** Same-origin paths only, each once. */
  function paths(items) {
    var seen = {};
    var out = [];
    (items || []).forEach(function (item) {
      if (typeof item !== "string") return;
      var u;
      try { u = new URL(item, location.href); } catch (e) { return; }
      if (u.origin !== location.origin) return;
      var p = u.pathname + u.search;
      if (!seen[p]) { seen[p] = true; out.push(p); }
    });
    return out;
  }

  function fetchFresh(path) {
    // Hashed build files never change: any copy will do. Everything else fresh from the server, past /sw.js.
    var cache = path.indexOf("/pkg/") === 0 ? "default" : "reload";
    return fetch(path, { credentials: "omit", cache: cache, redirect: "follow" });
  }

  function fetchIndex(url) {
    return fetch(url, { credentials: "omit", cache: "no-store" }).then(function (res) {
      if (!res.ok || isPrivate(res)) throw new Error("offline.json: " + res.status);
      return res.text().then(function (text) {
        var data = JSON.parse(text);
        if (!data || typeof data.version !== "string" || !data.version) throw new Error("offline.json: no version");
        return { data: data, text: text, type: res.headers.get("Content-Type") || "application/json" };
      });
    });
  }

  // Saves (or removes) of one issue run one at a time; a removal cancels a save under way.
  var generation = {};

  /**
   * Saves the issue whose offline.json is at `indexUrl`: every page and file into a new cache, then the
   * metadata; then older copies of the issue go, and the least recently saved issues beyond MAX_ISSUES.
   * Resolves to the new copy; rejects (leaving nothing of the new copy behind) if anything fails.
   */
  function save(issue, indexUrl, known) {
    var gen = (generation[issue] = (generation[issue] || 0) + 1);
    var current = function () { return generation[issue] === gen; };
    var index;
    var name;
    return (known ? Promise.resolve(known) : fetchIndex(indexUrl)).then(function (ix) {
      index = ix;
      name = cacheName(issue, index.data.version);
      // An unfinished copy of this very version (a closed tab) starts again from nothing.
      return allCopies().then(function (copies) {
        var stale = copies.filter(function (c) { return c.issue === issue && !c.meta; });
        return Promise.all(stale.map(function (c) { return caches.delete(c.name); }));
      });
    }).then(function () {
      return caches.open(name);
    }).then(function (cache) {
      var all = paths((index.data.pages || []).concat(index.data.files || []));
      var first = all.filter(function (p) { return !isMedia(p); });
      var media = all.filter(isMedia);
      var bytes = 0;
      var skipped = 0;
      var queue = first.concat(media);
      function one(path) {
        if (!current()) return Promise.reject(new Error("cancelled"));
        if (isMedia(path) && bytes > MEDIA_BUDGET) { skipped++; return Promise.resolve(); }
        return fetchFresh(path).then(function (res) {
          if (!res.ok || res.redirected || res.type === "opaque" || isPrivate(res)) throw new Error(path + ": " + res.status);
          var length = Number(res.headers.get("Content-Length"));
          var size = length > 0 ? Promise.resolve(length)
            : res.clone().blob().then(function (b) { return b.size; });
          return size.then(function (n) {
            bytes += n;
            return cache.put(path, res);
          });
        });
      }
      function worker() {
        var path = queue.shift();
        if (path === undefined) return Promise.resolve();
        return one(path).then(worker);
      }
      var workers = [];
      for (var i = 0; i < PARALLEL; i++) workers.push(worker());
      return Promise.all(workers).then(function () {
        if (!current()) throw new Error("cancelled");
        var meta = {
          issue: index.data.issue || issue,
          lang: index.data.lang || "",
          title: index.data.title || issue,
          version: index.data.version,
          saved: Date.now(),
          bytes: bytes,
          skipped: skipped,
        };
        return cache.put(indexUrl, new Response(index.text, { headers: { "Content-Type": index.type } }))
          .then(function () {
            return cache.put(metaUrl(issue), new Response(JSON.stringify(meta), { headers: { "Content-Type": "application/json" } }));
          })
          .then(function () { return meta; });
      });
    }).then(function (meta) {
      // Complete: the older copies of this issue go, then the least recently saved issues beyond the limit.
      return allCopies().then(function (copies) {
        var doomed = copies.filter(function (c) { return c.issue === issue && c.name !== name; });
        var others = copies.filter(function (c) { return c.issue !== issue && c.meta; });
        var seen = {};
        others.sort(function (a, b) { return (b.meta.saved || 0) - (a.meta.saved || 0); });
        var kept = 1;
        others.forEach(function (c) {
          if (seen[c.issue]) { doomed.push(c); return; }
          seen[c.issue] = true;
          if (kept < MAX_ISSUES) kept++;
          else doomed.push(c);
        });
        // Incomplete copies of evicted issues go with them.
        copies.forEach(function (c) {
          if (!c.meta && c.issue !== issue && doomed.some(function (d) { return d.issue === c.issue; })) doomed.push(c);
        });
        return Promise.all(doomed.map(function (c) { return caches.delete(c.name); }));
      }).then(function () { return meta; });
    }).catch(function (err) {
      // Nothing half-saved remains; an older complete copy stays.
      var cleanup = name ? caches.delete(name) : Promise.resolve();
      return cleanup.catch(function () {}).then(function () { throw err; });
    }).then(function (meta) {
      return workerReady().then(function () { return meta; });
    }, function (err) {
      return tellWorker().then(function () { throw err; });
    });
  }

  function removeIssue(issue) {
    generation[issue] = (generation[issue] || 0) + 1;
    return caches.keys().then(function (names) {
      var mine = names.map(parseName).filter(function (c) { return c && c.issue === issue; });
      return Promise.all(mine.map(function (c) { return caches.delete(c.name); }));
    }).then(tellWorker);
  }

  /** Puts `to` where `from` is; the focus follows when it was on `from`. (Swapping elements rather than
   *  toggling `hidden`, which the stylesheet's `display` on buttons would override.) */
  function swap(from, to) {
    if (!from.parentNode || from === to) return;
    var focused = document.activeElement === from;
    from.parentNode.replaceChild(to, from);
    if (focused) to.focus();
  }

  // ---- the box on a magazine page and on its reading pages ------------------------------------------------

  function setUpBox(box) {
    var indexUrl = box.getAttribute("data-offline");
    if (!indexUrl) return;
    var issue = new URL(indexUrl, location.href).pathname.replace(/\/offline\.json$/, "");
    var label = function (key) { return box.getAttribute("data-label-" + key) || ""; };
    var saveButton = box.querySelector('[data-test="save-offline"]');
    var status = box.querySelector('[data-test="offline-status"]');
    if (!saveButton || !status) return;
    var removeButton = document.createElement("button");
    removeButton.type = "button";
    removeButton.setAttribute("data-test", "remove-offline");
    removeButton.textContent = label("remove");
    var busy = false;

    function say(text) { status.textContent = text; }

    /** One button at a time: "save" or, once saved, "remove". */
    function show(saved) {
      saveButton.removeAttribute("aria-disabled");
      removeButton.removeAttribute("aria-disabled");
      if (saved) swap(saveButton, removeButton);
      else swap(removeButton, saveButton);
    }

    saveButton.addEventListener("click", function () {
      if (busy) return;
      busy = true;
      saveButton.setAttribute("aria-disabled", "true");
      say(label("saving"));
      save(issue, indexUrl).then(function () {
        busy = false;
        show(true);
        say(label("saved"));
      }, function (err) {
        busy = false;
        show(false);
        if (!(err && err.message === "cancelled")) say(label("failed"));
      });
    });

    removeButton.addEventListener("click", function () {
      removeButton.setAttribute("aria-disabled", "true");
      removeIssue(issue).then(function () {
        busy = false;
        show(false);
        say("");
      }, function () {
        removeButton.removeAttribute("aria-disabled");
      });
    });

    // No worker, no offline reading: the box stays hidden.
    registration.then(function () { return savedCopy(issue); }).then(function (copy) {
      show(!!copy);
      box.hidden = false;
      if (!copy) return;
      say(label("saved"));
      // A saved issue follows the library: a new version is saved in the background, the old copy kept
      // until the new one is complete.
      if (navigator.onLine === false) return;
      fetchIndex(indexUrl).then(function (ix) {
        if (ix.data.version === copy.version || busy) return;
        busy = true;
        return save(issue, indexUrl, ix).then(function () {
          busy = false;
          // Removed meanwhile: the button says so already.
          return savedCopy(issue).then(function (now) { if (now) say(label("updated")); });
        }, function () { busy = false; });
      }).catch(function () {});
    }, function () {});
  }

  // ---- the list of saved issues on the magazines page ---------------------------------------------------

  function setUpList(section) {
    var heading = document.createElement("h2");
    heading.id = "offline-saved-heading";
    heading.tabIndex = -1;
    heading.textContent = section.getAttribute("data-heading") || "";
    section.setAttribute("aria-labelledby", heading.id);
    var items = document.createElement("ul");
    items.className = "offline-saved-list";
    var none = document.createElement("p");
    none.setAttribute("data-test", "offline-none");
    none.textContent = section.getAttribute("data-label-none") || "";
    section.textContent = "";
    section.appendChild(heading);
    section.appendChild(items);

    /** "None saved" in place of the empty list, and back. */
    function showNone(empty) {
      if (empty && items.parentNode) section.replaceChild(none, items);
      if (!empty && none.parentNode) section.replaceChild(items, none);
    }
    var pageLang = document.documentElement.lang;

    function render(copies) {
      items.textContent = "";
      copies.forEach(function (c, i) {
        var li = document.createElement("li");
        li.setAttribute("data-test", "offline-saved-issue");
        var link = document.createElement("a");
        link.id = "offline-saved-" + i;
        link.href = c.meta.issue || c.issue;
        link.textContent = c.meta.title || c.issue;
        if (c.meta.lang && c.meta.lang !== pageLang) {
          link.lang = c.meta.lang;
          link.hreflang = c.meta.lang;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.setAttribute("data-test", "offline-remove");
        button.setAttribute("aria-describedby", link.id);
        button.textContent = section.getAttribute("data-label-remove") || "";
        button.addEventListener("click", function () {
          removeIssue(c.issue).then(function () {
            var buttons = Array.prototype.slice.call(items.querySelectorAll("button"));
            var at = buttons.indexOf(button);
            var next = buttons[at + 1] || buttons[at - 1];
            li.parentNode.removeChild(li);
            if (next) next.focus(); else heading.focus();
            showNone(items.children.length === 0);
          }, function () {});
        });
        li.appendChild(link);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button);
        items.appendChild(li);
      });
      showNone(copies.length === 0);
      section.hidden = false;
    }

    allCopies().then(function (copies) {
      var latest = {};
      copies.forEach(function (c) {
        if (!c.meta) return;
        if (!latest[c.issue] || (latest[c.issue].meta.saved || 0) < (c.meta.saved || 0)) latest[c.issue] = c;
      });
      var saved = Object.keys(latest).map(function (k) { return latest[k]; });
      saved.sort(function (a, b) { return (b.meta.saved || 0) - (a.meta.saved || 0); });
      render(saved);
    }, function () {});
  }

  if (box) setUpBox(box);
  if (list) setUpList(list);
})();
