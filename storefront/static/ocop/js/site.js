/*
 * Page set-up for the storefront, loaded by templates/oscar/layout.html.
 *
 * Oscar's templates start their scripts with inline code
 * ({% block onbodyload %} in oscar/base.html); our Content-Security-Policy
 * allows no inline code, so this file does the same work, chosen by what
 * the page contains:
 *   every page            oscar.init()                      (oscar/layout.html)
 *   basket                oscar.basket.init()               (basket/basket.html)
 *   search/browse sort    oscar.search.init()               (search/results.html, catalogue/browse.html)
 *   checkout gateway      oscar.checkout.gateway.init()     (checkout/gateway.html)
 *   notifications         oscar.notifications.init()        (communication/notifications/list.html)
 *   wishlists             oscar.customer.wishlists.init()   (customer/wishlists/wishlists_list.html)
 *   e-mail history        preview of the e-mail             (communication/email/email_detail.html)
 * and replaces inline handlers with data attributes:
 *   data-check="<id>"     ticks checkbox <id> before the click goes on (basket "remove")
 *   data-behaviours~=back goes back one page (wishlist form's "cancel")
 */
(function ($, oscar) {
    "use strict";

    $(document).on("click", "[data-check]", function () {
        var box = document.getElementById(this.getAttribute("data-check"));
        if (box) {
            box.checked = true;
        }
    });

    // Sideways-scrolling strips (the group menu and product rows on phones): a link
    // reached with Tab is scrolled into view instead of staying off-screen.
    $(document).on("focusin", ".groupnav .nav, .strip", function (event) {
        if (event.target.scrollIntoView) {
            event.target.scrollIntoView({block: "nearest", inline: "nearest"});
        }
    });

    $(document).on("click", "a[data-behaviours~='back']", function (event) {
        event.preventDefault();
        window.history.back();
    });

    $(function () {
        oscar.init();
        if (document.getElementById("basket_formset") || document.getElementById("saved_basket_formset")) {
            oscar.basket.init();
        }
        if (document.getElementById("id_sort_by") || document.querySelector(".facet_checkbox")) {
            oscar.search.init();
        }
        if (document.querySelector("form input[name=options]")) {
            oscar.checkout.gateway.init();
        }
        if (document.querySelector("a[data-behaviours~='archive'], a[data-behaviours~='delete']")) {
            oscar.notifications.init();
        }
        if (document.querySelector(".clipboard-item")) {
            oscar.customer.wishlists.init();
        }
        var preview = document.getElementById("preview_box");
        if (preview && preview.contentWindow) {
            var doc = preview.contentWindow.document;
            doc.open();
            doc.write($(preview).text());
            doc.close();
        }
    });
})(jQuery, oscar);
