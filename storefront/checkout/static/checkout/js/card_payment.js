// Mounts Stripe's Payment Element and confirms the PaymentIntent in the browser.
// The server never sees card data, and never marks an order paid from here:
// Stripe's webhook does. Stripe sends the browser back to data-return-url.
(function () {
    "use strict";
    var form = document.getElementById("card-payment");
    if (!form) { return; }
    var button = document.getElementById("card-submit");
    var errorBox = document.getElementById("card-error");
    var loading = document.getElementById("card-loading");
    if (typeof window.Stripe !== "function") {
        loading.classList.add("d-none");
        document.getElementById("card-unavailable").classList.remove("d-none");
        form.setAttribute("data-state", "stripe-unavailable");
        return;
    }
    var stripe = window.Stripe(form.getAttribute("data-publishable-key"), {locale: "vi"});
    var elements = stripe.elements({clientSecret: form.getAttribute("data-client-secret")});
    var element = elements.create("payment");
    element.on("ready", function () {
        loading.classList.add("d-none");
        button.disabled = false;
        form.setAttribute("data-state", "ready");
    });
    element.mount("#payment-element");
    form.addEventListener("submit", function (event) {
        event.preventDefault();
        button.disabled = true;
        errorBox.classList.add("d-none");
        stripe.confirmPayment({
            elements: elements,
            confirmParams: {return_url: form.getAttribute("data-return-url")}
        }).then(function (result) {
            if (result.error) {
                errorBox.textContent = result.error.message;
                errorBox.classList.remove("d-none");
                button.disabled = false;
            }
        });
    });
}());
