/*
 * The consumer pages' one script (no jQuery, no Bootstrap plugins): what
 * Oscar's ui.js and Bootstrap did for these pages, written for the few
 * behaviours they use. Everything here also works without it.
 *
 *   data-dismiss="alert"         closes a message
 *   data-loading-text="…"        a submit button shows the text and is disabled
 *                                once its form is on its way (no double orders)
 *   data-behaviours~="lock"      a form is sent once only
 *   data-behaviours~="back"      a link goes back one page
 *   checkout gateway             the password box only for "I have an account"
 *   #<id> of a <details>         opens it (basket: Oscar returns to #voucher)
 *   sideways strips              a link reached with Tab scrolls into view
 *   <html class="no-js">         becomes "js"
 */
(function () {
    "use strict";

    document.documentElement.classList.replace("no-js", "js");

    document.addEventListener("click", function (event) {
        var close = event.target.closest("[data-dismiss='alert']");
        if (close) {
            close.closest(".alert").remove();
            return;
        }
        var back = event.target.closest("a[data-behaviours~='back']");
        if (back) {
            event.preventDefault();
            window.history.back();
        }
    });

    document.addEventListener("submit", function (event) {
        if (event.defaultPrevented) {
            return;  // a page's own script sends this form (the card payment)
        }
        var form = event.target;
        if (form.matches("[data-behaviours~='lock']")) {
            if (form.dataset.sent) {
                event.preventDefault();
                return;
            }
            form.dataset.sent = "yes";
        }
        var button = event.submitter;
        if (button && button.dataset.loadingText) {
            // After the event: a disabled button would not send its own name/value.
            window.setTimeout(function () {
                button.dataset.label = button.textContent;
                button.textContent = button.dataset.loadingText;
                button.disabled = true;
            });
        }
    });

    // Back to a page kept in the browser's cache: its buttons work again.
    window.addEventListener("pageshow", function (event) {
        if (!event.persisted) {
            return;
        }
        document.querySelectorAll("[data-loading-text][data-label]").forEach(function (button) {
            button.textContent = button.dataset.label;
            button.disabled = false;
        });
        document.querySelectorAll("form[data-sent]").forEach(function (form) {
            delete form.dataset.sent;
        });
    });

    document.addEventListener("focusin", function (event) {
        if (event.target.closest(".groupnav .nav, .strip") && event.target.scrollIntoView) {
            event.target.scrollIntoView({block: "nearest", inline: "nearest"});
        }
    });

    function gatewayPassword() {
        var password = document.getElementById("id_password");
        var chosen = document.querySelector("form input[name=options]:checked");
        if (password && chosen) {
            password.disabled = chosen.value !== "existing";
        }
    }
    document.addEventListener("change", function (event) {
        if (event.target.matches("form input[name=options]")) {
            gatewayPassword();
        }
    });
    gatewayPassword();

    function openTarget() {
        var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
        if (target && target.tagName === "DETAILS") {
            target.open = true;
        }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
})();
