/* Maps of the locator, a showroom's page and the OCOP map.
 * Reads its data from <script type="application/json" id="map-config"> (no
 * inline code under the site's CSP) and draws into #ocop-map. Text from the
 * server is set with textContent, never as HTML. */
(function () {
    "use strict";
    var holder = document.getElementById("ocop-map");
    var source = document.getElementById("map-config");
    if (!holder || !source || typeof L === "undefined") { return; }
    var config = JSON.parse(source.textContent);
    var labels = JSON.parse(holder.getAttribute("data-labels") || "{}");
    // Addresses in the page's language (/en/… on English pages), from the server.
    var urls = {
        showrooms: holder.getAttribute("data-showrooms-url") || "/showrooms/",
        catalogue: holder.getAttribute("data-catalogue-url") || "/catalogue/",
        producers: holder.getAttribute("data-producers-url") || "/producers/"
    };
    // Leaflet guesses its marker images' address from its stylesheet, which fails
    // once production renames the files with their hash: name them ourselves.
    if (holder.getAttribute("data-marker-icon")) {
        L.Icon.Default.imagePath = "";
        L.Icon.Default.mergeOptions({
            iconUrl: holder.getAttribute("data-marker-icon"),
            iconRetinaUrl: holder.getAttribute("data-marker-icon-2x"),
            shadowUrl: holder.getAttribute("data-marker-shadow")
        });
    }

    // Việt Nam with Hoàng Sa and Trường Sa.
    var map = L.map(holder, { scrollWheelZoom: false }).fitBounds([[8.2, 102.1], [23.4, 117.0]]);
    if (config.tiles) {
        L.tileLayer(config.tiles, { maxZoom: 18, attribution: config.attribution || "" }).addTo(map);
    }

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined) { node.textContent = text; }
        return node;
    }
    function link(href, text) {
        var a = element("a", "", text);
        a.href = href;
        return a;
    }

    // Our own labels of the two archipelagos, whatever the tiles say.
    (config.islands || []).forEach(function (island) {
        L.marker([island.lat, island.lon], {
            interactive: false,
            keyboard: false,
            icon: L.divIcon({ className: "map-island-label", html: element("span", "", island.name), iconSize: null })
        }).addTo(map);
    });

    var overlays = {};
    var points = [];
    var showrooms = L.featureGroup();
    (config.markers || []).forEach(function (marker) {
        var popup = element("div", "map-popup");
        popup.appendChild(link(urls.showrooms + encodeURIComponent(marker.slug) + "/", marker.name));
        if (marker.address) { popup.appendChild(element("div", "small", marker.address)); }
        L.marker([marker.lat, marker.lon], { title: marker.name, alt: marker.name })
            .bindPopup(popup)
            .addTo(showrooms);
        points.push([marker.lat, marker.lon]);
    });
    showrooms.addTo(map);
    overlays[labels.showrooms || "Điểm bán"] = showrooms;

    if (config.provinces) {
        var provinces = L.featureGroup();
        config.provinces.forEach(function (province) {
            if (!province.total) { return; }
            var popup = element("div", "map-popup");
            popup.appendChild(element("strong", "", province.name));
            var list = element("ul", "list-unstyled mb-1");
            ["5", "4", "3"].forEach(function (stars) {
                list.appendChild(element("li", "", stars + "★: " + (province.stars[stars] || 0)));
            });
            popup.appendChild(list);
            popup.appendChild(link(urls.catalogue + "?province=" + province.code, labels.products || "Sản phẩm"));
            popup.appendChild(document.createTextNode(" · "));
            popup.appendChild(link(urls.producers + "?province=" + province.code, labels.producers || "Chủ thể"));
            L.circleMarker([province.lat, province.lon], {
                radius: Math.min(28, 6 + Math.sqrt(province.total) * 2),
                className: "map-province",
                color: "#b8860b", weight: 1, fillColor: "#f0c040", fillOpacity: 0.6
            }).bindPopup(popup).bindTooltip(province.name + ": " + province.total).addTo(provinces);
        });
        provinces.addTo(map);
        overlays[labels.provinces || "Sản phẩm theo tỉnh"] = provinces;
        L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    } else if (points.length === 1) {
        map.setView(points[0], 15);
    } else if (points.length > 1) {
        map.fitBounds(showrooms.getBounds(), { padding: [24, 24], maxZoom: 14 });
    }
    holder.setAttribute("data-ready", String((config.markers || []).length));
})();
