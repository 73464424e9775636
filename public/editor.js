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
  // `form.action` would be the buttons named "action": the address is the attribute.
  var target = form.getAttribute("action");
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
    return fetch(target, { method: "POST", body: data, credentials: "same-origin" });
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

  // The magazine's case picker: search the library, add a case's slug to the ordered list.
  var picker = document.getElementById("case-picker");
  var cases = document.getElementById("f-cases");
  if (picker && cases) {
    picker.hidden = false;
    var find = document.getElementById("case-find");
    var found = document.getElementById("case-found");
    var findTimer = null;
    find.addEventListener("input", function () {
      clearTimeout(findTimer);
      findTimer = setTimeout(function () {
        var q = find.value.trim();
        if (!q) { found.textContent = ""; return; }
        fetch("/api/v1/search?limit=8&lang=" + picker.getAttribute("data-lang") + "&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
          .then(function (res) {
            found.textContent = "";
            res.hits.forEach(function (hit) {
              var li = document.createElement("li");
              var button = document.createElement("button");
              button.type = "button";
              button.className = "secondary";
              button.textContent = found.getAttribute("data-add-label") + ": " + hit.title;
              button.addEventListener("click", function () {
                var lines = cases.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
                if (lines.indexOf(hit.slug) < 0) lines.push(hit.slug);
                cases.value = lines.join("\n");
                cases.dispatchEvent(new Event("input", { bubbles: true }));
              });
              li.appendChild(button);
              found.appendChild(li);
            });
          }).catch(function () {});
      }, 250);
    });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(autosave, 2000);
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 800);
  });
  window.addEventListener("beforeunload", autosave);
})();
