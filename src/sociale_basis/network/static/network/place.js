// Place an entry by clicking on the map of the municipality: the click is turned back into latitude
// and longitude (the inverse of network/maps.py's projection) and written into the form's fields.
// Without JavaScript the map stays hidden and the area select and coordinate fields do the work.
(function () {
  "use strict";
  var figure = document.getElementById("place-map");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!figure || !lat || !lon) return;
  var svg = figure.querySelector("svg");
  var marker = figure.querySelector("#place-marker");
  var status = document.getElementById("place-status");
  var d = figure.dataset;
  var minLon = parseFloat(d.minLon), maxLat = parseFloat(d.maxLat);
  var kx = parseFloat(d.kx), scale = parseFloat(d.scale);
  figure.hidden = false;
  svg.addEventListener("click", function (event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var p = point.matrixTransform(svg.getScreenCTM().inverse());
    var la = maxLat - p.y / scale;
    var lo = minLon + p.x / (kx * scale);
    lat.value = la.toFixed(5);
    lon.value = lo.toFixed(5);
    marker.setAttribute("cx", p.x.toFixed(1));
    marker.setAttribute("cy", p.y.toFixed(1));
    marker.removeAttribute("visibility");
    if (status) status.textContent = status.dataset.template.replace("%s", lat.value + ", " + lon.value);
  });
})();
