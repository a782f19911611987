// coachloop coaching pages: print the one-page review, keep a focus to one or two behaviours.
// Plain script, no build step; every page works without it.
"use strict";

(function () {
  const print = document.getElementById("print-review");
  if (print) print.addEventListener("click", () => window.print());

  // The focus chooser: at most data-max boxes ticked; the others are disabled until one is unticked.
  const form = document.getElementById("focus-form");
  if (form) {
    const max = Number(form.dataset.max || 2);
    const boxes = Array.from(form.querySelectorAll("input[type=checkbox]"));
    const limit = () => {
      const ticked = boxes.filter((box) => box.checked).length;
      boxes.forEach((box) => { box.disabled = !box.checked && ticked >= max; });
    };
    boxes.forEach((box) => box.addEventListener("change", limit));
    limit();
  }
})();
