// Progressive enhancement: show a conditional question as soon as the answer it depends on is given.
// Without JavaScript the server shows it after "Save" or "Send" (the same rule, poll_answers.visible).
(function () {
  var form = document.getElementById("poll-form");
  if (!form) return;
  function answersOf(name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "") values.push(el.value);
    });
    return values;
  }
  function update() {
    form.querySelectorAll("fieldset[data-show-if]").forEach(function (box) {
      var parent = document.getElementById("f" + box.dataset.showIf);
      var wanted = (box.dataset.showValues || "").split(",").filter(function (v) { return v !== ""; });
      var given = answersOf(box.dataset.showIf);
      var show = parent && !parent.hidden && given.length > 0 &&
        (wanted.length === 0 || given.some(function (v) { return wanted.indexOf(v) !== -1; }));
      box.hidden = !show;
    });
  }
  form.addEventListener("change", update);
  update();
})();
