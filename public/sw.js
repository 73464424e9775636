// The service worker: it serves the magazine issues that /offline.js saved on this device, and nothing else.
// It never adds an address to a cache by itself; it only answers from the saved copies and refreshes a saved
// page when the network brings a fresh public one. Same-origin GET only; the pages of signed-in people are
// never touched.
"use strict";

var PREFIX = "likewise-issue:";
var TIMEOUT_MS = 4000;
// Desk, account, admin, sign-in, moderation, notifications, translation and the API: never stored, never served.
var PRIVATE_PATH = /^\/(?:api(?:\/|$)|[a-z]{2}\/(?:desk|account|admin|sign-in|sign-out|reset|moderation|notifications|translate)(?:\/|$))/;
var MATCH = { ignoreVary: true };

// Whether any issue is saved: null while unknown. With none saved, requests go straight to the network.
var hasSaved = null;

function issueCacheNames() {
  return caches.keys().then(function (names) {
    return names.filter(function (n) { return n.indexOf(PREFIX) === 0; });
  });
}

function checkSaved() {
  return issueCacheNames().then(function (names) { hasSaved = names.length > 0; }, function () { hasSaved = null; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", function (event) {
  event.waitUntil(Promise.all([self.clients.claim(), checkSaved()]));
});

// /offline.js says so after every save and removal.
self.addEventListener("message", function (event) {
  if (event.data === "likewise-offline-changed") event.waitUntil(checkSaved());
});

/** The saved copy of an address (exact URL, query included), from any saved issue. */
function findCached(url) {
  return issueCacheNames().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (hit) {
        return hit || caches.open(name).then(function (c) { return c.match(url, MATCH); });
      });
    }, Promise.resolve(undefined));
  });
}

/** A response fit to replace a saved copy: complete, public, same-origin and not the end of a redirect. */
function storable(res) {
  if (!res || !res.ok || res.status !== 200 || res.redirected || res.type !== "basic") return false;
  var cc = (res.headers.get("Cache-Control") || "").toLowerCase();
  return !/(^|[\s,])(private|no-store)([\s,=]|$)/.test(cc);
}

/** Replaces the copy of `url` in every saved issue that holds it; adds it nowhere. */
function refresh(url, res) {
  return issueCacheNames().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (c) {
        return c.match(url, MATCH).then(function (hit) {
          return hit ? c.put(url, res.clone()) : null;
        });
      });
    }));
  }).catch(function () {});
}

/** Network first, bounded: a saved copy answers when the network fails or is slower than TIMEOUT_MS. */
function networkFirst(event, req, mayRefresh) {
  var finished;
  event.waitUntil(new Promise(function (resolve) { finished = resolve; }));
  var network = fetch(req).then(function (res) {
    // The copy is taken before the page reads the body.
    if (mayRefresh && storable(res)) refresh(req.url, res.clone()).then(finished, finished);
    else finished();
    return res;
  }, function (err) {
    finished();
    throw err;
  });
  network.catch(function () {});
  var timer;
  var late = new Promise(function (resolve) { timer = setTimeout(resolve, TIMEOUT_MS, null); });
  return Promise.race([network, late]).then(function (res) {
    clearTimeout(timer);
    if (res) return res;
    // Slow network: a saved copy if there is one, else keep waiting.
    return findCached(req.url).then(function (hit) { return hit || network; });
  }, function () {
    clearTimeout(timer);
    return findCached(req.url).then(function (hit) { return hit || Response.error(); });
  });
}

/** Hashed build files never change: a saved copy first, else the network (nothing is stored). */
function cacheFirst(req) {
  return findCached(req.url).then(function (hit) { return hit || fetch(req); }, function () { return fetch(req); });
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (PRIVATE_PATH.test(url.pathname) || url.pathname === "/sw.js") return;
  // /offline.js saving an issue asks for fresh copies ("reload", "no-store"): straight to the network.
  if (req.cache === "no-store" || req.cache === "reload") return;
  if (req.cache === "only-if-cached" && req.mode !== "same-origin") return;
  if (req.headers.has("range")) return;
  if (hasSaved === null) checkSaved();
  if (hasSaved === false) return;
  if (url.pathname.indexOf("/pkg/") === 0) {
    event.respondWith(cacheFirst(req));
    return;
  }
  // A saved issue's offline.json must keep describing the copy it was saved with: served, never refreshed.
  var mayRefresh = !/\/offline(-meta)?\.json$/.test(url.pathname);
  event.respondWith(networkFirst(event, req, mayRefresh));
});
