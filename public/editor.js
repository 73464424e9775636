// The editor, better with JavaScript: the form keeps a draft on the server as one types (autosave), and
// the preview follows the text. Without this file the form works as it is: Save and Preview buttons.
(function () {
  "use strict";
  var form = document.querySelector("form[data-test=editor-form]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var preview = document.getElementById("live-preview");
  var saved = form.getAttribute("data-saved-text") || "";
  var last = serialise();
  var timer = null;
  var previewTimer = null;

  function serialise() {
    var data = new FormData(form);
    data.delete("upload");
    var parts = [];
    data.forEach(function (v, k) { parts.push(k + "=" + v); });
    return parts.join("&");
  }

  function send(action) {
    var data = new FormData(form);
    data.delete("upload");
    data.set("action", action);
    return fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
  }

  function autosave() {
    var now = serialise();
    if (now === last) return;
    last = now;
    send("autosave").then(function (r) {
      if (status && r.ok) status.textContent = saved + " " + new Date().toLocaleTimeString();
    }).catch(function () {});
  }

  function refreshPreview() {
    if (!preview) return;
    send("preview-json").then(function (r) { return r.ok ? r.json() : null; }).then(function (p) {
      if (!p) return;
      preview.hidden = false;
      preview.querySelector("[data-preview=title]").textContent = p.title;
      preview.querySelector("[data-preview=summary]").textContent = p.summary;
      // The server renders the preview with the site's own sanitiser; it is safe HTML.
      preview.querySelector("[data-preview=body]").innerHTML = p.html;
    }).catch(function () {});
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(autosave, 2000);
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 800);
  });
  window.addEventListener("beforeunload", autosave);
})();
