// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A visible countdown for timed attempts; the server enforces the limit either way.
  function startCountdown() {
    var el = document.getElementById("countdown");
    if (!el) return;
    var deadline = Date.parse(el.getAttribute("datetime"));
    if (isNaN(deadline)) return;
    var form = document.getElementById(el.getAttribute("data-finish-form"));
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      el.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        clearInterval(timer);
        if (form) form.submit();
      }
    }
    var timer = setInterval(tick, 1000);
    tick();
  }

  document.addEventListener("DOMContentLoaded", startCountdown);
})();
