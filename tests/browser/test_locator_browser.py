"""A consumer finds where to buy: filters the locator by province, opens a
showroom and sees a product in stock; the maps draw their markers and our
labels of Hoàng Sa and Trường Sa (no tiles offline: none are served)."""

import pytest
from playwright.sync_api import expect

from shops.models import Partner
from tests.factories import PartnerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOWROOM_MARKERS = "#ocop-map .leaflet-marker-icon:not(.map-island-label)"


@pytest.fixture
def network(storefront, settings):
    settings.OCOP_MAP_TILE_URL = ""  # offline: draw without tiles
    hoa_binh = Partner.objects.get(slug="ocop-hoa-binh")
    hoa_binh.latitude, hoa_binh.longitude = "20.817100", "105.337600"
    hoa_binh.save()
    PartnerFactory(name="Trung tâm OCOP Hạ Long", slug="ocop-ha-long", province_code="22",
                   latitude="20.951100", longitude="107.080000")
    return storefront


def no_csp_violations(page):
    assert page.evaluate("window.__cspViolations") == []


def test_consumer_filters_by_province_and_finds_a_product_in_stock(page, live_server, network):
    listed = Partner.objects.filter(is_showroom=True).count()  # the storefront's few
    page.goto(f"{live_server.url}/showrooms/")
    expect(page.locator("[data-showroom]")).to_have_count(listed)
    page.select_option("#showroom-province", "25")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("[data-showroom]")).to_have_count(1)
    expect(page.locator(SHOWROOM_MARKERS)).to_have_count(1)
    page.get_by_role("link", name="Trung tâm OCOP Hòa Bình").click()
    expect(page.locator("h1")).to_contain_text("Trung tâm OCOP Hòa Bình")
    expect(page.locator(".product_pod, article").filter(has_text="Bưởi đỏ Tân Lạc").first
           ).to_be_visible()
    expect(page.locator("[data-status]")).to_be_visible()
    no_csp_violations(page)
    page.goto(live_server.url + network["buoi"].get_absolute_url())
    row = page.locator('#where-to-buy [data-showroom="ocop-hoa-binh"]')
    expect(row.locator("[data-level]")).to_have_text("Còn hàng")
    no_csp_violations(page)


def test_ocop_map_renders_markers_and_the_islands(page, live_server, network):
    page.goto(f"{live_server.url}/ban-do-ocop/")
    expect(page.locator("#ocop-map[data-ready='2']")).to_be_attached()
    expect(page.locator(SHOWROOM_MARKERS)).to_have_count(2)  # those with coordinates
    expect(page.locator(".map-island-label")).to_have_count(2)
    expect(page.get_by_text("Quần đảo Hoàng Sa (Việt Nam)")).to_be_visible()
    expect(page.get_by_text("Quần đảo Trường Sa (Việt Nam)")).to_be_visible()
    # Province layer: a circle per province with products on sale (Phú Thọ's
    # three and Quảng Ninh's one; the expired product counts nowhere).
    expect(page.locator("#ocop-map path.map-province")).to_have_count(2)
    expect(page.locator('#province-figures tr[data-province="25"] [data-total]')).to_have_text("3")
    no_csp_violations(page)
