// Live sessions: countdowns that keep ticking after htmx swaps a new panel in.
// Progressive enhancement: the server decides when time is up; pages work without this.
(function () {
  "use strict";

  function tick(el) {
    var deadline = Date.parse(el.getAttribute("data-deadline"));
    if (isNaN(deadline)) return false;
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    el.textContent = left > 0 ? left + " s left" : "Time is up";
    return left > 0;
  }

  function tickAll() {
    var els = document.querySelectorAll("time.countdown[data-deadline]");
    for (var i = 0; i < els.length; i++) tick(els[i]);
  }

  document.addEventListener("DOMContentLoaded", function () {
    tickAll();
    setInterval(tickAll, 500);
  });
  document.addEventListener("htmx:afterSwap", tickAll);
})();
