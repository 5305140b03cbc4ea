// Role-fit questionnaire: a running count of answered questions, and focus on the
// error summary after a submission with gaps. The form works the same without it.
(function () {
  "use strict";
  var form = document.querySelector("[data-fit-form]");
  if (!form) return;

  var summary = document.querySelector("[data-fit-errors]");
  if (summary) summary.focus();

  var box = form.querySelector("[data-fit-progress]");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-fit-progress-label]");
  var questions = form.querySelectorAll("fieldset.fit-question");

  function update() {
    var answered = 0;
    questions.forEach(function (question) {
      var done = question.querySelector("input[type=radio]:checked") !== null;
      if (done) answered += 1;
      question.classList.toggle("fit-question-answered", done);
    });
    bar.value = answered;
    label.textContent = answered + " of " + questions.length + " answered";
  }

  form.addEventListener("change", update);
  box.hidden = false;
  update();
})();
