"""Every public page type passes axe-core's WCAG 2.1 A/AA rules with no serious or
critical finding, in Vietnamese and English, on a desktop and a phone screen.

The pages are walked as a shopper would: home, a group, a product, a product that
lost its certificate (410), search, the basket with a product in it, each checkout
step up to the order preview, the showroom list, a showroom, the OCOP map, a
producer, the news index and an article, a certificate's verification page and the
login page. Moderate and minor findings are printed, not failed.
"""

import datetime as dt

import pytest
from playwright.sync_api import sync_playwright

from catalogue.models import Category
from cms.models import HomePage, NewsIndexPage, NewsPage
from tests.browser.accessibility import BLOCKING, axe_source, report, run_axe
from tests.browser.support import CHROMIUM_ARGS, fill_vietnamese_address

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.fixture
def news(storefront):
    home = HomePage.objects.get()
    index = home.add_child(instance=NewsIndexPage(title="Tin tức OCOP", slug="tin-tuc"))
    index.save_revision().publish()
    article = index.add_child(instance=NewsPage(
        title="Hội chợ OCOP Hòa Bình 2026", date=dt.date(2026, 11, 1),
        summary="Hơn 200 sản phẩm OCOP của tỉnh được giới thiệu tại hội chợ."))
    article.save_revision().publish()
    return index, article


def localized(path: str, language: str) -> str:
    return path if language == "vi" else "/en" + path


class Walk:
    """Opens pages in one browser context and runs axe on each."""

    def __init__(self, page, base: str, language: str):
        self.page, self.base, self.language = page, base, language
        self.source = axe_source()
        self.blocking: dict[str, list] = {}
        self.minor: dict[str, list] = {}

    def check(self, name: str) -> None:
        found = run_axe(self.page, self.source)
        blocking = [f for f in found if f["impact"] in BLOCKING]
        if blocking:
            self.blocking[name] = blocking
        if len(found) > len(blocking):
            self.minor[name] = [f["id"] for f in found if f["impact"] not in BLOCKING]

    def visit(self, name: str, path: str, status: int = 200) -> None:
        response = self.page.goto(self.base + localized(path, self.language))
        assert response.status == status, f"{name}: {path} answered {response.status}"
        self.check(name)

    def submit(self, name: str, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()
        self.check(name)


def walk_checkout(walk: Walk, product) -> None:
    page = walk.page
    walk.visit("product", product.get_absolute_url())
    with page.expect_navigation():
        page.locator("#add_to_basket_form button[type=submit]").click()
    walk.visit("basket", "/basket/")
    walk.visit("checkout: e-mail", "/checkout/")
    page.fill("#id_username", "lan@example.vn")
    walk.submit("checkout: address", "main form.card button[type=submit]")
    fill_vietnamese_address(page)
    walk.submit("checkout: delivery", "#new_shipping_address button[type=submit]")
    walk.submit("checkout: payment", '.shipping-method[data-code="giao-hang-tan-noi"] button')
    page.check("#method_cod")
    walk.submit("checkout: preview", "#payment_method_form button[type=submit]")


def test_public_pages_have_no_serious_or_critical_findings(live_server, storefront, news,
                                                          monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    index, article = news
    product = storefront["buoi"]
    group = Category.objects.get(pk=product.categories.values_list("pk", flat=True).first())
    blocking, minor = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for language in ("vi", "en"):
            for width in WIDTHS:
                # A new context per pass: its own cookies, so a fresh basket.
                context = browser.new_context(
                    viewport={"width": WIDTHS[width], "height": 900}, bypass_csp=True,
                    locale="vi-VN" if language == "vi" else "en-GB")
                walk = Walk(context.new_page(), live_server.url, language)
                walk.visit("home", "/")
                walk.visit("group", group.get_absolute_url())
                walk.visit("product gone (410)", storefront["cha_muc"].get_absolute_url(), 410)
                walk.visit("search", "/search/?q=buoi")
                walk.visit("showrooms", "/showrooms/")
                walk.visit("showroom", "/showrooms/ocop-hoa-binh/")
                walk.visit("OCOP map", "/ban-do-ocop/")
                walk.visit("producer", product.producer.get_absolute_url())
                walk.visit("news index", index.url)
                walk.visit("article", article.url)
                walk.visit("verify", "/verify/HB-2025-0005/")
                walk.visit("login", "/accounts/login/")
                walk_checkout(walk, product)
                context.close()
                for name, found in walk.blocking.items():
                    blocking[f"{name} ({language}, {width})"] = found
                for name, found in walk.minor.items():
                    minor[f"{name} ({language}, {width})"] = found
        browser.close()

    if minor:
        print("moderate/minor findings:", report(minor))
    assert not blocking, report(blocking)
