// Progressive enhancement: update the running total while the voter chooses.
// The page works without it: "Check my choice" shows the same totals from the server.
(function () {
  var form = document.getElementById("ballot");
  if (!form) return;
  var fmt = form.dataset.format;
  function update() {
    var chosen = 0, cost = 0, points = 0;
    form.querySelectorAll(".sb-ballot__input").forEach(function (el) {
      var value = el.type === "checkbox" ? (el.checked ? 1 : 0) : parseInt(el.value || "0", 10) || 0;
      if (value > 0) { chosen += 1; cost += parseInt(el.dataset.cost || "0", 10); points += value; }
    });
    var set = function (name, text) {
      var el = form.querySelector('[data-total="' + name + '"]');
      if (el) el.textContent = text;
    };
    set("chosen", String(chosen));
    set("points", String(points));
    set("cost", "€ " + cost.toLocaleString("nl-NL"));
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  if (fmt) update();
})();
