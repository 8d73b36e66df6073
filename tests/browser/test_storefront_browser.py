"""A shopper's first visit, in headless Chromium (Debian's, driven by Playwright)."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image, ImageDraw
from playwright.sync_api import expect, sync_playwright

from catalogue.models import Certificate, ProductImage
from catalogue.validity import local_today
from cms.models import HomePage
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def artifacts_dir() -> Path:
    path = Path(os.environ.get("TEST_ARTIFACTS_DIR", REPO / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo(name: str, colour: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).ellipse((170, 90, 470, 390), fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def certified(title, *, stars, group="food", province="22", colour="#c0392b", showroom=None, **kw):
    product = ProductFactory(title=title, province_code=province, group=group,
                             stock={"partner": showroom} if showroom else None)
    ProductImage.objects.create(product=product, original=photo(f"{product.code}.jpg", colour))
    level = Certificate.Level.NATIONAL if stars == 5 else Certificate.Level.PROVINCIAL
    CertificateFactory(product=product, stars=stars, level=level, **kw)
    return product


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
    yield context.new_page()
    context.close()
    browser.close()
    playwright.stop()


def test_browse_a_group_filter_five_stars_and_read_the_certificate(live_server, storefront, page):
    out = artifacts_dir()
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Sản phẩm OCOP Việt Nam"
    assert page.locator(".group-tile").count() == 6
    # The expired 5-star product never reaches the home page's grid.
    grid_titles = page.locator(".product-grid-block .card-title").all_inner_texts()
    assert grid_titles == ["Bưởi đỏ Tân Lạc"]
    page.screenshot(path=str(out / "home.png"), full_page=True)

    page.locator("nav.groupnav").get_by_role("link", name="Thực phẩm", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Thực phẩm"
    assert page.locator(".product-card").count() == 3  # bưởi, cam, măng; not the expired one

    page.select_option("#id_stars", "5")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    assert "stars=5" in page.url
    titles = page.locator(".product-card .card-title").all_inner_texts()
    assert titles == ["Bưởi đỏ Tân Lạc"]
    page.screenshot(path=str(out / "group-five-stars.png"), full_page=True)

    page.locator(".product-card .card-title a", has_text="Bưởi đỏ Tân Lạc").click()
    page.wait_for_load_state()
    panel = page.locator(".certificate-panel")
    assert panel.locator("[data-certificate-no]").inner_text() == "HB-2025-0005"
    assert "5 sao" in panel.locator("[data-ocop-badge]").inner_text()
    assert "736/QĐ-UBND" in panel.inner_text()
    assert page.locator("[data-price]").inner_text() == "125.000\xa0₫"
    href = panel.locator("[data-verify-link]").get_attribute("href")
    assert href == f"{live_server.url}/verify/HB-2025-0005/"
    page.screenshot(path=str(out / "product.png"), full_page=True)

    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-basket-count]").inner_text() == "1"
    assert "Bưởi đỏ Tân Lạc" in page.locator("#messages").inner_text()

    page.goto(href)
    assert page.locator("[data-status]").get_attribute("data-status") == "active"
    page.screenshot(path=str(out / "verify.png"), full_page=True)

    page.goto(f"{live_server.url}/basket/")
    assert page.locator(".basket-items").count() == 1
    page.screenshot(path=str(out / "basket.png"), full_page=True)

    # The language switch posts to Django's set_language and comes back here.
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/basket/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + storefront["buoi"].get_absolute_url())
    assert "OCOP certificate" in page.locator(".certificate-panel").inner_text()
    page.screenshot(path=str(out / "product-en.png"), full_page=True)


def test_a_basket_line_that_lost_its_certificate_is_flagged(live_server, storefront, page):
    cam = storefront["cam"]
    page.goto(live_server.url + cam.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()

    # The registry revokes the certificate while the product sits in the basket.
    Certificate.objects.filter(product=cam).update(
        status=Certificate.Status.REVOKED, revoked_on=local_today(),
        revocation_reason="Vi phạm Luật An toàn thực phẩm",
    )
    # With Playwright's loop running, Django keys this connection to the loop's
    # context rather than the thread: close it, or it outlives the test.
    connection.close()
    page.goto(f"{live_server.url}/basket/")
    assert "Không thể mua" in page.locator("[data-line-flag]").inner_text()
    assert page.locator("#basket-blocked").is_visible()
    assert page.locator("a[href='/checkout/']").count() == 0
    page.screenshot(path=str(artifacts_dir() / "basket-blocked.png"), full_page=True)

    page.goto(f"{live_server.url}/checkout/")
    assert page.url == f"{live_server.url}/basket/"
    assert "Cam Cao Phong" in page.locator("#messages").inner_text()

    page.get_by_role("button", name="Xóa khỏi giỏ hàng").click()
    # Oscar's basket script posts the form and redraws the basket in place.
    expect(page.locator(".basket-items")).to_have_count(0)
    page.reload()
    expect(page.locator(".basket-items")).to_have_count(0)
    assert page.locator("[data-basket-count]").inner_text() == "0"
