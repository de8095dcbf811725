/* Massalia maps: progressive enhancement only. Every page works without this file.
   Data comes from data-* attributes (no inline script, for a strict CSP). */
(function () {
  "use strict";

  var leafletPromise = null;

  function loadLeaflet(el) {
    if (window.L) { return Promise.resolve(window.L); }
    if (leafletPromise) { return leafletPromise; }
    leafletPromise = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = el.dataset.leafletCss;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = el.dataset.leafletJs;
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return leafletPromise;
  }

  function center(el) {
    var parts = (el.dataset.center || "43.2965,5.3698").split(",");
    return [parseFloat(parts[0]), parseFloat(parts[1])];
  }

  function baseMap(L, node, el, latlng, zoom) {
    var map = L.map(node).setView(latlng, zoom);
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
    return map;
  }

  function marker(L, latlng) {
    return L.circleMarker(latlng, { radius: 9, color: "#0b5394", weight: 3, fillOpacity: 0.5 });
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  /* Report form: a click on the map fills the hidden latitude/longitude fields. */
  function picker(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    var openButton = el.querySelector("[data-map-open]");
    var node = el.querySelector(".map");
    var status = el.querySelector("[data-map-status]");
    var point = null;
    el.hidden = false;

    function place(L, map, latlng) {
      if (point) { point.setLatLng(latlng); } else { point = marker(L, latlng).addTo(map); }
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      status.textContent = "Point choisi : " + latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5) +
        ". L'adresse et le quartier deviennent facultatifs.";
      duplicates(el, latlng);
    }

    function open() {
      openButton.hidden = true;
      node.hidden = false;
      loadLeaflet(el).then(function (L) {
        var start = latInput.value ? [parseFloat(latInput.value), parseFloat(lonInput.value)] : center(el);
        var map = baseMap(L, node, el, start, latInput.value ? 17 : 14);
        if (latInput.value) { place(L, map, L.latLng(start[0], start[1])); }
        map.on("click", function (e) { place(L, map, e.latlng); });
        var here = document.createElement("button");
        here.type = "button";
        here.className = "secondary small";
        here.textContent = "Placer le point au centre de la carte";
        here.addEventListener("click", function () { place(L, map, map.getCenter()); });
        node.insertAdjacentElement("afterend", here);
        // The button that had the focus is gone: keyboard users go on from the map (arrows pan it).
        node.focus();
      }, function () {
        status.textContent = "La carte n'a pas pu être chargée : indiquez une adresse ou un quartier.";
      });
    }

    openButton.addEventListener("click", open);
    if (latInput.value) { open(); }
  }

  /* Ask the server for open requests of the same type nearby, and list them. */
  function duplicates(el, latlng) {
    var box = document.querySelector("[data-duplicates]");
    var seen = document.getElementById("id_seen_duplicates");
    if (!box || !el.dataset.nearbyUrl) { return; }
    var url = el.dataset.nearbyUrl + "&lat=" + latlng.lat.toFixed(6) + "&lon=" + latlng.lng.toFixed(6);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { renderDuplicates(el, box, seen, data.results || []); })
      .catch(function () { /* the server checks again on submit */ });
  }

  function renderDuplicates(el, box, seen, results) {
    box.textContent = "";
    if (!results.length) { return; }
    var section = document.createElement("section");
    section.className = "duplicates";
    section.appendChild(text("h2", "Vérifiez qu'il n'existe pas déjà"));
    section.appendChild(text("p", "Des demandes du même type, encore en cours, sont signalées tout près. " +
      "S'il s'agit du même problème, inutile d'en créer une nouvelle."));
    var list = document.createElement("ul");
    list.className = "dup-list";
    results.forEach(function (item) {
      var li = document.createElement("li");
      var link = text("a", item.title);
      link.href = item.url;
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(text("span", item.status, "status"));
      li.appendChild(text("span", " à " + item.distance_m + " m", "muted"));
      li.appendChild(text("span", item.description, "excerpt"));
      if (el.dataset.signedIn === "1") {
        var follow = text("button", "Suivre celle-ci plutôt", "secondary small");
        follow.type = "submit";
        follow.formNoValidate = true;
        follow.setAttribute("formaction", item.url + "suivre/");
        li.appendChild(follow);
      }
      list.appendChild(li);
    });
    section.appendChild(list);
    box.appendChild(section);
    if (seen) { seen.value = results.map(function (i) { return i.id; }).join(","); }
  }

  /* Request page: a small map on demand (the coordinates are printed anyway). */
  function point(el) {
    var openButton = el.querySelector("[data-map-open]");
    var node = el.querySelector(".map");
    el.hidden = false;
    openButton.addEventListener("click", function () {
      openButton.hidden = true;
      node.hidden = false;
      loadLeaflet(el).then(function (L) {
        var latlng = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
        var map = baseMap(L, node, el, latlng, 17);
        marker(L, latlng).addTo(map);
      });
    });
  }

  /* Public map: markers from the GeoJSON endpoint (same filters as the list). */
  function geojson(el) {
    loadLeaflet(el).then(function (L) {
      el.textContent = "";
      var map = baseMap(L, el, el, center(el), 13);
      fetch(el.dataset.url, { headers: { Accept: "application/geo+json, application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var layer = L.geoJSON(data, {
            pointToLayer: function (feature, latlng) { return marker(L, latlng); },
            onEachFeature: function (feature, lyr) {
              var box = document.createElement("div");
              var link = text("a", feature.properties.title);
              link.href = feature.properties.url;
              box.appendChild(link);
              box.appendChild(text("div", feature.properties.status_label));
              lyr.bindPopup(box);
            }
          }).addTo(map);
          if (data.features && data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] }); }
        });
    });
  }

  document.querySelectorAll("[data-map-picker]").forEach(picker);
  document.querySelectorAll("[data-map-point]").forEach(point);
  document.querySelectorAll("[data-map-geojson]").forEach(geojson);
})();
