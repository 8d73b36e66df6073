/* "Nearest first": lists marked [data-nearest-list] hold items with data-lat and
 * data-lon; when the visitor agrees to share a location, the items are re-sorted
 * by distance and each says how far it is. Without JavaScript (or without
 * consent) the server's order, by province, stays. */
(function () {
    "use strict";
    function distanceKm(a, b) {
        var rad = Math.PI / 180, dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
        var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
            Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 12742 * Math.asin(Math.sqrt(h));
    }
    document.querySelectorAll("[data-nearest-button]").forEach(function (button) {
        var list = document.getElementById(button.getAttribute("data-nearest-button"));
        if (!list || !navigator.geolocation) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.geolocation.getCurrentPosition(function (position) {
                var here = [position.coords.latitude, position.coords.longitude];
                var items = Array.prototype.slice.call(list.querySelectorAll("[data-lat]"));
                items.forEach(function (item) {
                    var km = distanceKm(here, [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)]);
                    item.dataset.distance = km;
                    var label = item.querySelector("[data-distance-label]");
                    if (label) { label.textContent = "~" + (km < 10 ? km.toFixed(1) : Math.round(km)) + " km"; }
                });
                items.sort(function (a, b) { return a.dataset.distance - b.dataset.distance; });
                items.forEach(function (item) { list.appendChild(item); });
            });
        });
    });
})();
