// Address form: when the province changes, list that province's wards
// (the server validates the pair anyway; without JavaScript the form lists
// them after the first submit).
(function () {
    "use strict";
    var form = document.getElementById("new_shipping_address");
    if (!form) { return; }
    var province = form.querySelector("select[name=province]");
    var ward = form.querySelector("select[name=ward]");
    if (!province || !ward) { return; }
    var template = form.getAttribute("data-wards-url");
    province.addEventListener("change", function () {
        var placeholder = ward.options[0];
        ward.innerHTML = "";
        ward.appendChild(placeholder);
        if (!province.value) { return; }
        fetch(template.replace("/00/", "/" + province.value + "/"), {credentials: "same-origin"})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                (data.wards || []).forEach(function (item) {
                    var option = document.createElement("option");
                    option.value = item.code;
                    option.textContent = item.name;
                    ward.appendChild(option);
                });
            });
    });
}());
