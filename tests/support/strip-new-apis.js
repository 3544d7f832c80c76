// Test-only: run before any script of the page, it takes away what the
// browser mode's oldest browsers lack (Firefox 60–97: <dialog> and
// showModal; Firefox 60–77 and Chromium 69–85: replaceChildren; Firefox
// 60–62 and Chromium 69–72: Object.fromEntries; Firefox 60–61: flat and
// flatMap), so that the page must run on ui/compat.js's fallbacks.
(function () {
  var dialog = window.HTMLDialogElement && window.HTMLDialogElement.prototype;
  if (dialog) {
    delete dialog.showModal;
    delete dialog.show;
    delete dialog.close;
  }
  delete window.HTMLDialogElement;
  delete Element.prototype.replaceChildren;
  delete Document.prototype.replaceChildren;
  delete DocumentFragment.prototype.replaceChildren;
  delete Object.fromEntries;
  delete Array.prototype.flat;
  delete Array.prototype.flatMap;
  window.__parkregStripped = true;
}());
