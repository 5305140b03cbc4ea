// Colour scheme: follows the system (prefers-color-scheme) unless the visitor picked one with
// the toggle, which this script adds to the navigation. Loaded in <head> so the page is drawn
// in the right scheme from the start; without JavaScript the site stays in the light scheme.
(function () {
  "use strict";
  var KEY = "careerhub-theme";
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function preferred() {
    var choice = stored();
    if (choice === "light" || choice === "dark") return choice;
    return media && media.matches ? "dark" : "light";
  }
  function apply(theme) {
    root.setAttribute("data-bs-theme", theme);
    var button = document.querySelector("[data-theme-toggle]");
    if (button) {
      var dark = theme === "dark";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      // The visible state; screen readers hear it from aria-pressed instead.
      button.querySelector(".theme-state").textContent = dark ? "on" : "off";
    }
  }

  apply(preferred());
  if (media && media.addEventListener) {
    media.addEventListener("change", function () { if (!stored()) apply(preferred()); });
  }

  // Paper is white: print in the light scheme, with the charts' data tables open.
  var printedFrom = null;
  window.addEventListener("beforeprint", function () {
    printedFrom = root.getAttribute("data-bs-theme");
    root.setAttribute("data-bs-theme", "light");
    document.querySelectorAll("details.chart-data:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    if (printedFrom) root.setAttribute("data-bs-theme", printedFrom);
    document.querySelectorAll("[data-opened-for-print]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-opened-for-print");
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var slot = document.querySelector("[data-theme-slot]");
    if (!slot) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-light btn-sm theme-toggle";
    button.setAttribute("data-theme-toggle", "");
    button.textContent = "Dark mode ";
    var state = document.createElement("span");
    state.className = "theme-state";
    state.setAttribute("aria-hidden", "true");
    button.appendChild(state);
    button.addEventListener("click", function () {
      var next = root.getAttribute("data-bs-theme") === "dark" ? "light" : "dark";
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: this page only */ }
      apply(next);
    });
    slot.appendChild(button);
    apply(preferred());
  });
})();
