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

  /* Report form: the place, as people think of it. A click or a drag on the map, or the phone's
     position, fills the hidden latitude/longitude fields and the address (the server's nearest
     street); a typed or suggested address moves the point. Under the address, the place
     understood, as the server reads it (`signaler-adresse.json`), before sending. The texts come
     from the page, in its language (data-text-*). */
  function picker(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    var addressInput = document.getElementById(el.dataset.addressInput);
    var quartierInput = document.getElementById(el.dataset.quartierInput);
    var openButton = el.querySelector("[data-map-open]");
    var locateButton = el.querySelector("[data-locate-me]");
    var node = el.querySelector(".map");
    var status = el.querySelector("[data-map-status]");
    var found = document.querySelector("[data-place-found]");
    var verify = document.querySelector("[data-verify-address]");
    var list = document.getElementById("adresses-proposees");
    var L = null, map = null, point = null, opening = null;
    var suggestions = [], typed = 0, lookedUp = "";
    el.hidden = false;
    // Live, the check needs no button; removed, it is no longer the form's default (Enter) button.
    if (verify && addressInput && el.dataset.addressUrl) { verify.remove(); }
    if (addressInput && list) { addressInput.setAttribute("list", list.id); }

    function say(message, ok) {
      if (!found) { return; }
      found.textContent = message || "";
      found.className = "message " + (ok ? "success" : "error");
      found.hidden = !message;
    }

    function lookup(params) {
      var url = new URL(el.dataset.addressUrl, window.location.href);
      Object.keys(params).forEach(function (k) { url.searchParams.set(k, params[k]); });
      return fetch(url.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; /* the server checks again on submit */ });
    }

    function setPoint(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      status.textContent = (el.dataset.textPoint || "%(point)s").replace("%(point)s",
        latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5));
      if (map) {
        if (point) { point.setLatLng(latlng); } else { point = pin(latlng); }
      }
      duplicates(el, latlng);
    }

    function clearPoint() {
      latInput.value = "";
      lonInput.value = "";
      status.textContent = "";
      if (point) { point.remove(); point = null; }
    }

    function showFound(place) {
      if (quartierInput && place.quartier_id) { quartierInput.value = String(place.quartier_id); }
      say(place.text, true);
      // The place in its own direction (a French street name in an Arabic sentence).
      var at = place.text.indexOf(place.label);
      if (found && place.label && at >= 0) {
        found.textContent = place.text.slice(0, at);
        found.appendChild(text("bdi", place.label));
        found.appendChild(document.createTextNode(place.text.slice(at + place.label.length)));
      }
    }

    /* From the map or the phone: the point first, then its address. */
    function pointChosen(latlng) {
      setPoint(latlng);
      if (!el.dataset.addressUrl) { return; }
      lookup({ latitude: latlng.lat.toFixed(6), longitude: latlng.lng.toFixed(6) }).then(function (data) {
        if (!data) { return; }
        if (data.found) {
          if (addressInput && data.found.address) { addressInput.value = data.found.address; }
          lookedUp = addressInput ? addressInput.value : "";
          showFound(data.found);
        } else { say(data.message, false); }
      });
    }

    /* From the address: the place the server understands it as, then the point. */
    function addressChosen() {
      var value = addressInput.value.trim();
      if (value === lookedUp) { return; }
      lookedUp = value;
      if (!value) { say("", true); return; }
      lookup({ q: value }).then(function (data) {
        if (!data || addressInput.value.trim() !== value) { return; }
        if (data.found && data.found.latitude !== null) {
          var at = { lat: data.found.latitude, lng: data.found.longitude };
          setPoint(at);
          if (map) { map.setView([at.lat, at.lng], Math.max(map.getZoom(), 16)); }
          showFound(data.found);
        } else {
          clearPoint();
          say(data.message, false);
        }
      });
    }

    function suggest() {
      var value = addressInput.value.trim();
      var mine = ++typed;
      var chosen = suggestions.filter(function (s) { return s.value === addressInput.value; });
      if (chosen.length) { addressChosen(); return; }
      if (value.length < 3) { return; }
      window.setTimeout(function () {
        if (mine !== typed) { return; }
        lookup({ q: value }).then(function (data) {
          if (!data || mine !== typed) { return; }
          suggestions = data.suggestions || [];
          list.textContent = "";
          suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.value;
            option.label = s.label;
            list.appendChild(option);
          });
        });
      }, 250);
    }

    function pin(latlng) {
      var html = '<svg width="26" height="26" aria-hidden="true" focusable="false"><circle cx="13" cy="13" r="10" ' +
        'fill="#0b5394" fill-opacity="0.55" stroke="#0b5394" stroke-width="3"/></svg>';
      var icon = L.divIcon({ html: html, className: "map-marker", iconSize: [26, 26] });
      var m = L.marker(latlng, { icon: icon, draggable: true, keyboard: true, title: el.dataset.textMarker || "" }).addTo(map);
      m.on("dragend", function () { pointChosen(m.getLatLng()); });
      return m;
    }

    function open() {
      if (opening) { return opening; }
      openButton.hidden = true;
      node.hidden = false;
      opening = loadLeaflet(el).then(function (leaflet) {
        L = leaflet;
        var start = latInput.value ? [parseFloat(latInput.value), parseFloat(lonInput.value)] : center(el);
        map = baseMap(L, node, el, start, latInput.value ? 17 : 14);
        if (latInput.value) {
          point = pin(L.latLng(start[0], start[1]));
          duplicates(el, L.latLng(start[0], start[1]));
        }
        map.on("click", function (e) { pointChosen(e.latlng); });
        var here = document.createElement("button");
        here.type = "button";
        here.className = "secondary small";
        here.textContent = el.dataset.textCenter || "";
        here.addEventListener("click", function () { pointChosen(map.getCenter()); });
        node.insertAdjacentElement("afterend", here);
        return map;
      }, function () {
        status.textContent = el.dataset.textMapFailed || "";
        return null;
      });
      return opening;
    }

    function locateMe() {
      status.textContent = el.dataset.textLocating || "";
      navigator.geolocation.getCurrentPosition(function (position) {
        var latlng = { lat: position.coords.latitude, lng: position.coords.longitude };
        open().then(function (m) {
          if (m) { m.setView([latlng.lat, latlng.lng], 17); }
          pointChosen(m ? L.latLng(latlng.lat, latlng.lng) : latlng);
        });
      }, function () {
        status.textContent = el.dataset.textPositionFailed || "";
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    }

    openButton.addEventListener("click", function () {
      // The button that had the focus is gone: keyboard users go on from the map (arrows pan it).
      open().then(function () { node.focus(); });
    });
    if (locateButton && navigator.geolocation) {
      locateButton.hidden = false;
      locateButton.addEventListener("click", locateMe);
    }
    if (addressInput && el.dataset.addressUrl) {
      lookedUp = addressInput.value.trim();
      addressInput.addEventListener("input", suggest);
      addressInput.addEventListener("change", addressChosen);
      addressInput.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); addressChosen(); }
      });
    }
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

  /* Public map: clusters and requests of the window, asked of the server at each move (same
     filters as the list), over the quartiers' outlines (a map even when no tile answers).
     Shapes and colours come from the legend's own drawings: one definition. */
  var KIND_COLOURS = { "new": "#c62828", "in_progress": "#b35c00", "resolved": "#1b7a34", "closed": "#5c5c5c" };

  function numberFr(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0"); }

  function plural(n, one, many) { return numberFr(n) + "\u00a0" + (n > 1 ? many : one); }

  function legendKinds() {
    var kinds = {};
    document.querySelectorAll(".map-legend [data-kind]").forEach(function (li) {
      var svg = li.querySelector("svg");
      kinds[li.dataset.kind] = { label: li.querySelector("strong").textContent, svg: svg ? svg.outerHTML : "" };
    });
    return kinds;
  }

  function mixText(kinds, mix) {
    return Object.keys(kinds).filter(function (k) { return mix[k]; }).map(function (k) {
      return kinds[k].label.toLowerCase() + "\u00a0: " + mix[k];
    }).join(", ");
  }

  /* A cluster: its count in a ring whose arcs are the share of each kind. */
  function clusterIcon(L, kinds, count, mix) {
    var size = Math.round(30 + 8 * Math.log(count) / Math.LN10);
    var r = size / 2 - 4, c = 2 * Math.PI * r, offset = 0, arcs = "";
    Object.keys(kinds).forEach(function (k) {
      if (!mix[k]) { return; }
      var len = c * mix[k] / count;
      arcs += '<circle cx="' + size / 2 + '" cy="' + size / 2 + '" r="' + r + '" fill="none" stroke="' +
        KIND_COLOURS[k] + '" stroke-width="6" stroke-dasharray="' + len + " " + (c - len) +
        '" stroke-dashoffset="' + (-offset) + '" transform="rotate(-90 ' + size / 2 + " " + size / 2 + ')"/>';
      offset += len;
    });
    var html = '<svg width="' + size + '" height="' + size + '" aria-hidden="true" focusable="false">' +
      '<circle cx="' + size / 2 + '" cy="' + size / 2 + '" r="' + (r + 3) + '" fill="#fff" stroke="#222" stroke-width="1"/>' +
      arcs + '<text x="' + size / 2 + '" y="' + (size / 2 + 4) + '" text-anchor="middle" fill="#111">' + count + "</text></svg>";
    return L.divIcon({ html: html, className: "map-cluster", iconSize: [size, size] });
  }

  function pointIcon(L, kinds, kind) {
    var shape = (kinds[kind] || kinds["new"] || { svg: "" }).svg.replace('width="20" height="20"', 'width="22" height="22"');
    return L.divIcon({ html: shape, className: "map-marker", iconSize: [22, 22] });
  }

  function windowUrl(el, map) {
    var b = map.getBounds().pad(0.25);
    var clamp = function (v, lo, hi) { return Math.min(hi, Math.max(lo, v)).toFixed(5); };
    var url = new URL(el.dataset.url, window.location.href);
    url.searchParams.set("bbox", [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -85, 85),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -85, 85)].join(","));
    url.searchParams.set("zoom", String(map.getZoom()));
    return url.toString();
  }

  function geojson(el) {
    var kinds = legendKinds();
    var shown = document.querySelector("[data-map-shown]");
    var base = document.querySelector("[data-map-base]");
    loadLeaflet(el).then(function (L) {
      el.textContent = "";
      var map = L.map(el, { minZoom: 9, maxZoom: 19 }).setView(center(el), 12);
      if (el.dataset.tiles) {
        var failed = 0;
        var tiles = L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution });
        tiles.on("tileerror", function () {
          failed += 1;
          if (failed === 1 && base) { base.textContent = "Le fond de carte ne répond pas : les contours des quartiers le remplacent."; }
        });
        tiles.addTo(map);
      }
      var layer = L.layerGroup().addTo(map);
      var asked = 0;

      function draw(data) {
        layer.clearLayers();
        (data.features || []).forEach(function (f) {
          var at = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
          var p = f.properties;
          if (p.cluster) {
            var title = plural(p.count, "demande", "demandes") + " (" + mixText(kinds, p.kinds) + ")";
            var m = L.marker(at, { icon: clusterIcon(L, kinds, p.count, p.kinds), title: title, keyboard: true });
            m.on("click", function () {
              if (map.getZoom() >= map.getMaxZoom()) { m.bindPopup(text("div", title)).openPopup(); } else {
                map.setView(at, Math.min(map.getZoom() + 2, map.getMaxZoom()));
              }
            });
            layer.addLayer(m);
          } else {
            var label = p.title + " — " + p.status_label;
            var box = document.createElement("div");
            var link = text("a", p.title);
            link.href = p.url;
            box.appendChild(link);
            box.appendChild(text("div", p.status_label));
            layer.addLayer(L.marker(at, { icon: pointIcon(L, kinds, p.kind), title: label, keyboard: true }).bindPopup(box));
          }
        });
        if (shown) {
          shown.textContent = "Dans la partie affichée : " + plural(data.shown, "demande", "demandes") + ".";
        }
      }

      function refresh() {
        var mine = ++asked;
        fetch(windowUrl(el, map), { headers: { Accept: "application/geo+json, application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) { if (data && mine === asked) { draw(data); } })
          .catch(function () { if (shown) { shown.textContent = "Les demandes n'ont pas pu être chargées : voyez la liste."; } });
      }

      function start() { map.on("moveend", refresh); refresh(); }

      fetch(el.dataset.outlines, { headers: { Accept: "application/geo+json, application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.features && data.features.length) {
            var outlines = L.geoJSON(data, {
              interactive: false,
              style: { color: "#4f5d6b", weight: 1, fillColor: "#ffffff", fillOpacity: 0.25 }
            }).addTo(map);
            map.fitBounds(outlines.getBounds(), { padding: [4, 4], animate: false });
          }
        })
        .catch(function () { /* the tiles, if any, are the base */ })
        .then(start);
    });
  }

  document.querySelectorAll("[data-map-picker]").forEach(picker);
  document.querySelectorAll("[data-map-point]").forEach(point);
  document.querySelectorAll("[data-map-geojson]").forEach(geojson);
})();
