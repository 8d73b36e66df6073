/* Search box suggestions: a debounced JSON request to the suggest URL
   (the data-suggest-url of this script's tag, base.html),
   shown as an ARIA listbox. Arrow keys move, Enter opens, Escape closes.
   Without JavaScript the box is a plain GET form to /search/. */
(function () {
  "use strict";
  var DELAY = 200;
  var script = document.currentScript;
  var suggestUrl = script && script.getAttribute("data-suggest-url");

  function setUp(input) {
    var url = input.getAttribute("data-suggest-url") || suggestUrl;
    var group = input.closest(".input-group") || input.parentNode;
    var list = document.createElement("div");
    list.id = input.id + "-suggestions";
    list.className = "dropdown-menu search-suggestions";
    list.setAttribute("role", "listbox");
    group.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    var timer = null, active = -1, asked = "", controller = null;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.classList.remove("show");
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.classList.toggle("active", i === active);
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function show(results) {
      close();
      if (!results.length) { return; }
      results.forEach(function (result, i) {
        var link = document.createElement("a");
        link.className = "dropdown-item";
        link.id = list.id + "-" + i;
        link.href = result.url;
        link.setAttribute("role", "option");
        link.setAttribute("aria-selected", "false");
        link.setAttribute("tabindex", "-1");
        link.innerHTML = result.html;  // the server escapes titles; only <mark> is markup
        list.appendChild(link);
      });
      list.classList.add("show");
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var q = input.value.trim();
      if (q === asked) { return; }
      asked = q;
      if (q.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), {
        headers: { "Accept": "application/json" }, signal: controller.signal
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === q) { show(data.results); } })
        .catch(function () { /* aborted or offline: the form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = list.classList.contains("show");
      if (event.key === "ArrowDown" && open) { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp" && open) { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape" && open) { event.preventDefault(); close(); }
      else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  if (!suggestUrl) { return; }
  document.querySelectorAll("input[data-suggest-url], #site-search-q").forEach(setUp);
})();
