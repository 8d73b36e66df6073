"""The store locator, a showroom's page, "where to buy" and the OCOP map:
bounded queries whatever the number of showrooms, levels never counts, hostile input."""

import datetime as dt

import pytest

from shops.hours import Period
from shops.reservations import reserve
from shops.services import showroom_set_hours
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, StockRecordFactory

pytestmark = pytest.mark.django_db
DAILY = [Period(d, dt.time(8), dt.time(21)) for d in range(7)]


def network(n):
    rooms = []
    for i in range(n):
        room = PartnerFactory(slug=f"room-{i}", name=f"Điểm bán {i}", province_code="22",
                              latitude="20.95", longitude="107.08")
        showroom_set_hours(partner=room, periods=DAILY)
        rooms.append(room)
    product = ProductFactory(title="Chả mực Hạ Long")
    CertificateFactory(product=product, stars=5)
    for room in rooms:
        StockRecordFactory(product=product, partner=room, num_in_stock=5)
    return rooms, product


@pytest.mark.parametrize("size", [5, 50])
def test_pages_stay_within_15_queries(client, groups, django_assert_max_num_queries, size):
    rooms, product = network(size)
    for url in ("/showrooms/", "/showrooms/?open=1&province=22", f"/showrooms/{rooms[0].slug}/",
                "/ban-do-ocop/", product.get_absolute_url()):
        with django_assert_max_num_queries(15 if "catalogue" not in url else 40):
            response = client.get(url)
        assert response.status_code == 200, url
    html = client.get("/showrooms/").content.decode()
    assert html.count('data-showroom="room-') == min(size, 30)  # the list pages, the map has all
    assert html.count('"slug": "room-') == size


@pytest.mark.parametrize(
    ("in_stock", "allocated", "threshold", "level", "text"),
    [
        (20, 0, 5, "in_stock", "Còn hàng"),
        (5, 0, 5, "few_left", "Sắp hết hàng"),
        (8, 4, 5, "few_left", "Sắp hết hàng"),  # 4 held for orders: 4 free
        (3, 3, 5, "out_of_stock", "Hết hàng"),
        (0, 0, None, "out_of_stock", "Hết hàng"),
        (2, 0, None, "in_stock", "Còn hàng"),
    ],
)
def test_where_to_buy_levels_never_show_a_count(
    client, groups, in_stock, allocated, threshold, level, text
):
    room = PartnerFactory(slug="ha-long")
    product = ProductFactory(title="Nước mắm Cái Rồng")
    CertificateFactory(product=product)
    record = StockRecordFactory(product=product, partner=room, num_in_stock=in_stock,
                                low_stock_threshold=threshold)
    if allocated:
        reserve(record.pk, allocated, key="checkout-1")
    html = client.get(product.get_absolute_url()).content.decode()
    assert f'data-level="{level}">{text}<' in html
    assert f"Còn {in_stock - allocated}" not in html


def test_inactive_showrooms_and_the_warehouse_are_not_listed(client, groups):
    PartnerFactory(slug="open-one", name="Điểm bán mở")
    PartnerFactory(slug="closed-one", name="Điểm bán tạm ngừng", is_active=False)
    PartnerFactory(slug="warehouse", name="Kho trực tuyến", is_showroom=False)
    html = client.get("/showrooms/").content.decode()
    assert "Điểm bán mở" in html and "tạm ngừng" not in html and "Kho trực tuyến" not in html
    assert client.get("/showrooms/closed-one/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [{"province": "'; DROP TABLE partner;--"}, {"province": "x" * 5000}, {"page": "-1"},
     {"page": "abc"}, {"open": "<script>"}, {"province": "\x00"}],
)
def test_hostile_filters_never_500(client, groups, query):
    PartnerFactory(slug="ha-long")
    response = client.get("/showrooms/", query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>")[-1].replace(
        '<script src', '').replace('<script type', '')


def test_map_pages_allow_the_tile_host_only_there(client, groups, settings):
    settings.OCOP_MAP_TILE_URL = "https://{s}.tiles.example.vn/{z}/{x}/{y}.png"
    PartnerFactory(slug="ha-long", latitude="20.95", longitude="107.08")
    for url in ("/showrooms/", "/showrooms/ha-long/", "/ban-do-ocop/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "https://*.tiles.example.vn" in policy and "unsafe-inline" not in policy
    assert "tiles.example.vn" not in client.get("/producers/")["Content-Security-Policy"]
