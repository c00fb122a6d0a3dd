// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // A visible countdown for timed attempts; the server enforces the limit either way.
  function startCountdown() {
    var el = document.getElementById("countdown");
    if (!el) return;
    var deadline = Date.parse(el.getAttribute("datetime"));
    if (isNaN(deadline)) return;
    var form = document.getElementById(el.getAttribute("data-finish-form"));
    var timer;
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      el.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      // A second late, so the server's clock agrees that the time is up.
      if (Date.now() > deadline + 1000) {
        clearInterval(timer);
        if (form) form.submit();
      }
    }
    timer = setInterval(tick, 1000);
    tick();
  }

  // The theme switch posts a form (which sets a cookie); with script the page need not reload.
  function onThemeSubmit(event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("theme-form")) return;
    var button = event.submitter;
    if (!button || !window.fetch || !window.FormData) return;
    event.preventDefault();
    var theme = button.value;
    var root = document.documentElement;
    root.classList.remove("theme-auto", "theme-light", "theme-dark");
    root.classList.add("theme-" + theme);
    form.querySelectorAll("button[name='theme']").forEach(function (b) {
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    });
    // Remembered at once, with the server's own cookie options: a learner who leaves the page
    // before the POST returns keeps the colours they chose (the POST is what the server trusts).
    var attributes = form.getAttribute("data-cookie-attributes");
    if (attributes) document.cookie = "theme=" + encodeURIComponent(theme) + attributes;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form, button),
      credentials: "same-origin",
      redirect: "manual",
    }).catch(function () {
      // Offline or left the page: the cookie above already holds the choice.
    });
  }

  function typingInto(target) {
    if (!target || !target.closest) return false;
    if (target.closest("textarea, select, [contenteditable]")) return true;
    var input = target.closest("input");
    return Boolean(input && input.type !== "radio" && input.type !== "checkbox");
  }

  // Quiz keys: 1-9 or A-D choose an option, Enter submits. Off when the learner turns them off.
  function onQuizKey(event) {
    var panel = document.getElementById("question-panel");
    if (!panel || panel.getAttribute("data-shortcuts") !== "on") return;
    if (event.defaultPrevented || event.repeat) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (typingInto(target)) return;
    var form = panel.querySelector("form.answer-form");
    if (!form) return;
    if (window.htmx) window.htmx.process(panel);
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var index = /^[1-9]$/.test(key) ? Number(key) - 1 : "abcd".indexOf(key);
    if (key.length === 1 && index >= 0) {
      var inputs = form.querySelectorAll(".choice input");
      if (index >= inputs.length) return;
      var input = inputs[index];
      event.preventDefault();
      input.checked = input.type === "radio" ? true : !input.checked;
      input.focus();
      return;
    }
    if (key === "Enter") {
      if (target.closest && target.closest("a[href], button, summary")) return;
      event.preventDefault();
      form.requestSubmit();
    }
  }

  // Answer on tap (practice mode, one-answer questions; the server marks the panel): a pointer
  // tap on a choice card sends it at once. The keyboard only selects, as with any radio group
  // (WCAG 3.2.2): arrows and Space bring no pointerdown, and a key press forgets one.
  var tappedCard = null;

  function onPointerDown(event) {
    var target = event.target;
    tappedCard = target && target.closest
      ? target.closest("[data-answer-on-tap='on'] form.answer-form .choice")
      : null;
  }

  function forgetTap() {
    tappedCard = null;
  }

  function onChoiceClick(event) {
    var input = event.target;
    // A tap on the label clicks the label first, then its radio: act on the radio's click.
    if (!input || input.type !== "radio" || !tappedCard) return;
    var card = tappedCard;
    tappedCard = null;
    if (!card.contains(input) || !input.checked) return;
    var form = input.form;
    // One answer per tap: nothing while this form's request (tap, Enter or button) is on its way.
    if (!form || form.hasAttribute("data-sending") || form.closest("[aria-busy='true']")) return;
    form.setAttribute("data-sending", "true");
    form.requestSubmit();
  }

  // A request that failed leaves the form in place: let the learner tap again.
  function tapRequestEnded(event) {
    var form = event.detail && event.detail.elt;
    if (form && form.removeAttribute) form.removeAttribute("data-sending");
  }

  // Loading state: the region being replaced is busy until its request ends.
  function busy(event, on) {
    var target = event.detail && event.detail.target;
    if (!target || !target.setAttribute) return;
    if (on) target.setAttribute("aria-busy", "true");
    else target.removeAttribute("aria-busy");
  }

  document.addEventListener("DOMContentLoaded", startCountdown);
  document.addEventListener("submit", onThemeSubmit);
  document.addEventListener("keydown", onQuizKey);
  document.addEventListener("htmx:beforeRequest", function (event) { busy(event, true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    busy(event, false);
    tapRequestEnded(event);
  });
  document.addEventListener("pointerdown", onPointerDown, true);
  document.addEventListener("keydown", forgetTap, true);
  document.addEventListener("click", onChoiceClick);
  // A page brought back from the back-forward cache may still be marked as sending.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
    });
  });
})();
