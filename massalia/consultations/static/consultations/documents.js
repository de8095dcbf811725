// The document consultation without retyping: a selection in the article's text fills the
// "passage" field, a click on the zoning map fills the latitude and longitude. Both fields
// stay editable, and the forms work the same without this script.
(function () {
  "use strict";
  var text = document.getElementById("texte-article");
  var quote = document.querySelector("#form-passage textarea[name=quote]") ||
    document.querySelector("textarea[name=quote]");
  if (text && quote) {
    document.addEventListener("selectionchange", function () {
      var selection = document.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      var range = selection.getRangeAt(0);
      if (!text.contains(range.commonAncestorContainer)) return;
      var words = selection.toString().replace(/\s+/g, " ").trim();
      if (words) quote.value = words;
    });
  }
  var map = document.getElementById("carte-zonage");
  var lat = document.querySelector("input[name=latitude]");
  var lon = document.querySelector("input[name=longitude]");
  if (map && lat && lon) {
    var p = (map.getAttribute("data-projection") || "").split(" ").map(Number);
    var box = map.viewBox.baseVal;
    map.addEventListener("click", function (event) {
      event.preventDefault();
      var rect = map.getBoundingClientRect();
      var x = (event.clientX - rect.left) * box.width / rect.width;
      var y = (event.clientY - rect.top) * box.height / rect.height;
      lon.value = (p[0] + (x - 12) / p[2]).toFixed(6);
      lat.value = (p[1] - (y - 12) / p[3]).toFixed(6);
      lat.dispatchEvent(new Event("change"));
    });
  }
})();
