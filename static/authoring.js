// Review page: after htmx replaces an approved or discarded draft, keep the keyboard
// focus on that spot instead of losing it to the top of the page.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-after-swap]");
    if (!target) return;
    target.removeAttribute("data-focus-after-swap");
    target.focus();
  });
})();
