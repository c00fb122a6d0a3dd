// Single-key shortcuts for the study screen; the page works without them.
// Space or Enter shows the answer (or the next card), 1-4 press the rating buttons.
// The learner can turn them off (WCAG 2.1.4): the server then sets data-shortcuts="off".
(function () {
  "use strict";

  function typingInto(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  function onKey(event) {
    var study = document.querySelector(".study");
    if (!study || study.getAttribute("data-shortcuts") !== "on") return;
    if (event.defaultPrevented || event.repeat) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (typingInto(target)) return;
    var card = document.getElementById("study-card");
    if (!card) return;
    // htmx wires up swapped-in content only when it settles; a quick key must not beat it
    // to the link or form and make the browser load the whole page instead.
    if (window.htmx) window.htmx.process(card);

    if (event.key === " " || event.key === "Enter") {
      // A focused link or button already answers these keys itself.
      if (target.closest && target.closest("a[href], button")) return;
      var reveal = card.querySelector("[data-shortcut='reveal']");
      if (!reveal) return;
      event.preventDefault();
      reveal.click();
      return;
    }
    if (/^[1-4]$/.test(event.key)) {
      var button = card.querySelector("button[data-rating='" + event.key + "']");
      if (!button) return;
      event.preventDefault();
      button.click();
    }
  }

  document.addEventListener("keydown", onKey);
})();
