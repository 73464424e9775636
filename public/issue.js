// Turning the pages of a magazine issue: the left and right arrow keys, and a horizontal swipe on a phone,
// follow the page's own rel="prev" / rel="next" links. Without this script the links do the same.
(function () {
  'use strict';
  var prev = document.querySelector('a[rel="prev"]');
  var next = document.querySelector('a[rel="next"]');
  if (!prev && !next) return;
  var hint = document.querySelector('.issue-keys');
  if (hint && window.matchMedia && window.matchMedia('(hover: hover)').matches) hint.hidden = false;

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }
  function go(link) {
    if (link && link.href) window.location.assign(link.href);
  }

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (typing(document.activeElement)) return;
    if (e.key === 'ArrowLeft') { e.preventDefault(); go(prev); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); go(next); }
  });

  // A swipe: mostly horizontal, long enough, quick enough; never while text is being selected or zoomed.
  var start = null;
  document.addEventListener('touchstart', function (e) {
    start = e.touches.length === 1 ? { x: e.touches[0].clientX, y: e.touches[0].clientY, t: Date.now() } : null;
  }, { passive: true });
  document.addEventListener('touchend', function (e) {
    if (!start || e.changedTouches.length !== 1) return;
    var dx = e.changedTouches[0].clientX - start.x;
    var dy = e.changedTouches[0].clientY - start.y;
    var quick = Date.now() - start.t < 600;
    start = null;
    if (!quick || Math.abs(dx) < 80 || Math.abs(dy) > Math.abs(dx) / 2) return;
    if (window.visualViewport && window.visualViewport.scale > 1.01) return;
    if (String(window.getSelection ? window.getSelection() : '').length) return;
    go(dx < 0 ? next : prev);
  }, { passive: true });
  // The keys work from here on (tests wait for this before pressing them).
  document.documentElement.setAttribute('data-issue-keys', 'on');
})();
