// The ballot's running total, as the resident ticks projects. A nicety only: the server
// computes the total and checks the rule on every submit, with or without this script.
(function () {
  "use strict";
  var form = document.querySelector("form.ballot");
  if (!form) return;
  var envelope = Number(form.getAttribute("data-envelope"));
  var knapsack = form.getAttribute("data-rule") === "knapsack";
  var sum = form.querySelector(".ballot-sum");
  var over = form.querySelector(".ballot-over");
  var euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  function update() {
    var total = 0;
    form.querySelectorAll("input[name=projets]:checked").forEach(function (box) {
      total += Number(box.getAttribute("data-cost"));
    });
    sum.textContent = euros.format(total);
    over.hidden = !(knapsack && total > envelope);
  }
  form.addEventListener("change", update);
})();
