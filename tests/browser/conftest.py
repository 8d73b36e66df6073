import datetime as dt

import pytest
from playwright.sync_api import sync_playwright

from catalogue.validity import local_today
from cms.models import HomePage
from tests.browser.support import CHROMIUM_ARGS, RECORD_CSP_VIOLATIONS, certified
from tests.factories import PartnerFactory


@pytest.fixture
def storefront(groups):
    showroom = PartnerFactory(
        name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh", province_code="25"
    )
    products = {
        "buoi": certified("Bưởi đỏ Tân Lạc", stars=5, province="25", colour="#c0392b",
                          showroom=showroom, certificate_no="HB-2025-0005",
                          decision_no="736/QĐ-UBND", issuer="UBND tỉnh Hòa Bình"),
        "cam": certified("Cam Cao Phong", stars=4, province="25", colour="#e67e22",
                         showroom=showroom),
        "mang": certified("Măng nứa khô", stars=3, province="25", colour="#8d6e63",
                          showroom=showroom),
        "cha_muc": certified("Chả mực Hạ Long", stars=5, colour="#f5cba7",
                             expires_on=local_today() - dt.timedelta(days=1),
                             issued_on=local_today() - dt.timedelta(days=1100)),
        "tra": certified("Trà hoa vàng", stars=4, group="beverage", colour="#f1c40f"),
    }
    home = HomePage.objects.get()
    home.title = "Sản phẩm OCOP Việt Nam"
    home.intro = "Đặc sản được chứng nhận OCOP từ khắp 34 tỉnh, thành."
    home.body = [("products", {"heading": "Sản phẩm 5 sao", "group": "", "stars": "5",
                               "sort": "newest", "limit": 8})]
    home.save()
    return products


@pytest.fixture
def page(live_server, monkeypatch):
    # Playwright keeps an event loop running in this thread, which Django
    # takes for async code; the test's few direct queries are plain sync ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context.new_page()
    context.close()
    browser.close()
    playwright.stop()
