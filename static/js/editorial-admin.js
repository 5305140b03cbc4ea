// "Save" on published content goes live at once: ask first. Save as draft and Preview never ask.
(function () {
  "use strict";
  var LIVE = ["_save", "_continue", "_addanother", "_saveasnew"];
  document.addEventListener("submit", function (event) {
    var row = event.target.querySelector("[data-confirm-publish]");
    var button = event.submitter;
    if (!row || !button || LIVE.indexOf(button.name) === -1) return;
    if (!window.confirm(row.getAttribute("data-confirm-publish"))) event.preventDefault();
  });
})();
