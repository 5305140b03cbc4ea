// My plan: save each change as it is made, without reloading the page. Without JavaScript the
// "Save my plan" button sends the same form and the page reloads with the new figures.
(function () {
  "use strict";
  var form = document.querySelector("[data-plan-form]");
  if (!form || !window.fetch || !window.DOMParser) return;
  var status = document.querySelector("[data-plan-status]");
  var pending = null;

  function save() {
    var hours = form.querySelector("input[name=hours_per_week]");
    if (hours && !hours.checkValidity()) return; // the button's round trip explains the error
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var aside = document.querySelector("[data-plan-aside]");
        var freshAside = fresh.querySelector("[data-plan-aside]");
        if (aside && freshAside) aside.innerHTML = freshAside.innerHTML;
        form.querySelectorAll(".plan-step").forEach(function (step) {
          var checked = step.querySelector("input[type=radio]:checked");
          step.className = "plan-step plan-step-" + (checked ? checked.value : "todo");
        });
        if (status) status.textContent = "Saved.";
      })
      .catch(function () {
        if (status) status.textContent = "Not saved: press “Save my plan”.";
      });
  }

  form.addEventListener("change", function () {
    clearTimeout(pending);
    pending = setTimeout(save, 250);
  });
})();

// "Copy link": the plan's address is its only key, so make keeping it one click.
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-plan-url]");
  var url = document.querySelector("[data-plan-url]");
  if (!button || !url || !navigator.clipboard || !window.isSecureContext) return;
  var status = document.querySelector("[data-copy-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(url.textContent.trim()).then(
      function () { if (status) status.textContent = "Copied."; },
      function () { if (status) status.textContent = "Could not copy: select the address and copy it."; }
    );
  });
})();
