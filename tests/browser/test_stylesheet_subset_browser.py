"""The shop's subset of Oscar's stylesheet (ocop/css/oscar.css, built by
``build_styles``) styles the pages exactly as Oscar's full styles.css did.

Two browsers walk the same pages, one given Oscar's full stylesheet in place of
the subset; every element's computed box, spacing, type and colours must agree,
on a desktop and a phone. A rule PurgeCSS dropped but a page needs shows up here
as the element and property that changed.
"""

from pathlib import Path

import oscar
import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

from tests.browser.support import CHROMIUM_ARGS, fill_vietnamese_address

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FULL_STYLES = Path(oscar.__file__).parent / "static" / "oscar" / "css" / "styles.css"
PROPERTIES = [
    "display", "position", "float", "visibility", "width", "height",
    "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding-top", "padding-right", "padding-bottom", "padding-left",
    "border-top-width", "border-bottom-width", "border-left-color", "border-radius",
    "font-family", "font-size", "font-weight", "line-height", "text-align",
    "text-decoration-line", "color", "background-color", "flex-direction",
    "justify-content", "align-items", "list-style-type", "white-space", "outline-style",
]
SNAPSHOT = """properties => Array.from(document.body.querySelectorAll('*'))
    .filter(element => !element.closest('svg'))
    .map(element => {
        const style = getComputedStyle(element);
        const label = element.tagName.toLowerCase()
            + (element.id ? '#' + element.id : '')
            + (element.classList.length ? '.' + Array.from(element.classList).join('.') : '');
        return [label, properties.map(name => name + ':' + style.getPropertyValue(name))];
    })"""


def walk(page, base: str, product) -> dict[str, list]:
    """The same visits for either stylesheet: page name → every element's styles."""
    seen = {}

    def snapshot(name):
        page.wait_for_load_state("load")
        seen[name] = page.evaluate(SNAPSHOT, PROPERTIES)

    for name, path in [("home", "/"), ("catalogue", reverse("catalogue:index")),
                       ("search", reverse("search:search") + "?q=buoi"),
                       ("verify", "/verify/HB-2025-0005/"), ("login", reverse("customer:login")),
                       ("not found", "/khong-co-trang-nay/")]:
        page.goto(base + path)
        snapshot(name)
    page.goto(base + product.get_absolute_url())
    snapshot("product")
    page.locator("#add_to_basket_form button[type=submit]").click()
    snapshot("product with a message")
    page.goto(base + reverse("basket:summary"))
    snapshot("basket")
    page.goto(base + reverse("checkout:index"))
    snapshot("checkout gateway")
    page.fill("#id_username", "lan@example.vn")
    page.locator("form button[type=submit]", has_text="Tiếp tục").click()
    snapshot("checkout address")
    fill_vietnamese_address(page)
    page.locator("#new_shipping_address button[type=submit]").click()
    snapshot("checkout delivery")
    return seen


def differences(subset: list, full: list) -> list[str]:
    if [label for label, __ in subset] != [label for label, __ in full]:
        return ["the pages differ in their elements"]
    return [f"{label}: {theirs} → {ours}"
            for (label, styles), (__, others) in zip(subset, full, strict=True)
            for ours, theirs in zip(styles, others, strict=True) if ours != theirs][:40]


def test_subset_styles_pages_as_the_full_stylesheet(live_server, storefront, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    full_styles = FULL_STYLES.read_text(encoding="utf-8")
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=CHROMIUM_ARGS)
        for width in (1366, 390):
            walks = []
            for replace in (False, True):
                # Reduced motion: Bootstrap's transitions off, nothing caught halfway.
                context = browser.new_context(viewport={"width": width, "height": 900},
                                              locale="vi-VN", reduced_motion="reduce")
                if replace:
                    context.route("**/ocop/css/oscar.css", lambda route: route.fulfill(
                        status=200, content_type="text/css", body=full_styles))
                walks.append(walk(context.new_page(), live_server.url, storefront["buoi"]))
                context.close()
            subset, full = walks
            found |= {f"{name} at {width} px": problems for name in full
                      if (problems := differences(subset[name], full[name]))}
        browser.close()

    assert not found, found
