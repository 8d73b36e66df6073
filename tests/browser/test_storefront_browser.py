"""A shopper's first visit, in headless Chromium (Debian's, driven by Playwright)."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from catalogue.models import Certificate
from catalogue.validity import local_today
from tests.browser.support import artifacts_dir

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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

    five = page.locator('fieldset[data-facet="stars"] input[value="5"]')
    page.locator(f'label[for="{five.get_attribute("id")}"]').click()
    expect(five).to_be_checked()
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

    # The language switch leads to the same page under /en/ and back.
    product = storefront["buoi"].get_absolute_url()
    page.goto(live_server.url + product)
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_url(f"{live_server.url}/en{product}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "OCOP certificate" in page.locator(".certificate-panel").inner_text()
    page.screenshot(path=str(out / "product-en.png"), full_page=True)
    # English was chosen: a Vietnamese address opened now leads to its English page.
    page.goto(f"{live_server.url}/basket/")
    page.wait_for_url(f"{live_server.url}/en/basket/")
    assert page.locator(".basket-items").count() == 1
    page.goto(live_server.url + product)
    page.locator(".language-switch button[value=vi]").click()
    page.wait_for_url(live_server.url + product)
    assert page.locator("html").get_attribute("lang") == "vi"


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
