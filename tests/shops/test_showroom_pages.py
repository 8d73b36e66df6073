"""The store locator (/showrooms/) and a showroom's page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, StockRecordFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


def stocked(showroom, title, *, num_in_stock=10, **certificate):
    product = ProductFactory(title=title, stock={"partner": showroom, "num_in_stock": num_in_stock})
    CertificateFactory(product=product, **certificate)
    return product


@pytest.fixture
def ha_long(groups):
    return PartnerFactory(
        name="Trung tâm OCOP Hạ Long", slug="ocop-ha-long", province_code="22",
        address="Số 1 Trần Hưng Đạo, Hạ Long", opening_hours="08:00–21:00", phone="0203 3 835 555",
        latitude="20.951100", longitude="107.080000",
    )


@pytest.fixture
def phu_tho(groups):
    return PartnerFactory(name="Điểm bán OCOP Cao Phong", slug="ocop-cao-phong", province_code="25")


def test_list_shows_address_hours_phone_and_certified_stock(client, ha_long, phu_tho):
    stocked(ha_long, "Chả mực Hạ Long")
    stocked(ha_long, "Trà hoa vàng", issued_on=dt.date(2020, 1, 1), expires_on=dt.date(2023, 1, 1))
    stocked(ha_long, "Rượu Ba kích", num_in_stock=0)
    response = client.get("/showrooms/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Số 1 Trần Hưng Đạo, Hạ Long, Quảng Ninh" in html
    assert "08:00–21:00" in html
    assert 'href="tel:02033835555"' in html
    assert "2 điểm bán" in html
    counts = {s.slug: s.product_count for s in response.context["showrooms"]}
    assert counts == {"ocop-ha-long": 1, "ocop-cao-phong": 0}
    assert "1 sản phẩm OCOP còn hàng" in html


def test_product_count_drops_at_the_expiry_midnight(client, ha_long):
    stocked(ha_long, "Nước mắm sá sùng",
            issued_on=dt.date(2023, 10, 15), expires_on=dt.date(2026, 10, 15))
    with at(2026, 10, 15, 23, 59):
        assert client.get("/showrooms/").context["showrooms"][0].product_count == 1
    with at(2026, 10, 16, 0, 0):
        assert client.get("/showrooms/").context["showrooms"][0].product_count == 0


def test_province_filter(client, ha_long, phu_tho):
    response = client.get("/showrooms/", {"province": "25"})
    assert [s.slug for s in response.context["showrooms"]] == ["ocop-cao-phong"]
    assert '<option value="25" selected>' in response.content.decode()


def test_province_without_showrooms_shows_an_empty_state(client, ha_long):
    html = client.get("/showrooms/", {"province": "01"}).content.decode()
    assert "Chưa có điểm bán OCOP nào ở Thành phố Hà Nội." in html


def test_unknown_province_is_explained_and_all_showrooms_listed(client, ha_long, phu_tho):
    response = client.get("/showrooms/", {"province": "99"}, follow=True)
    html = response.content.decode()
    assert "Không có tỉnh/thành mã “99”" in html
    assert len(response.context["showrooms"]) == 2


def test_pagination_keeps_the_province(client, groups):
    for n in range(35):
        PartnerFactory(name=f"Điểm bán {n:02d}", slug=f"diem-ban-{n:02d}", province_code="22")
    PartnerFactory(name="Điểm bán Phú Thọ", slug="phu-tho", province_code="25")
    response = client.get("/showrooms/", {"province": "22"})
    assert len(response.context["showrooms"]) == 30
    assert 'href="?province=22&amp;page=2"' in response.content.decode()
    second = client.get("/showrooms/", {"province": "22", "page": "2"})
    assert len(second.context["showrooms"]) == 5


def test_partners_that_are_not_showrooms_are_not_listed(client, ha_long):
    PartnerFactory(name="Kho tổng", slug="kho-tong", is_showroom=False)
    response = client.get("/showrooms/")
    assert [s.slug for s in response.context["showrooms"]] == ["ocop-ha-long"]
    assert client.get("/showrooms/kho-tong/").status_code == 404


def test_detail_lists_certified_products_in_stock(client, ha_long):
    valid = stocked(ha_long, "Chả mực Hạ Long")
    expired = stocked(ha_long, "Trà hoa vàng",
                      issued_on=dt.date(2020, 1, 1), expires_on=dt.date(2023, 1, 1))
    empty = stocked(ha_long, "Rượu Ba kích", num_in_stock=0)
    elsewhere = stocked(PartnerFactory(slug="noi-khac"), "Gạo Nếp Tài")
    response = client.get("/showrooms/ocop-ha-long/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trung tâm OCOP Hạ Long" in html
    assert "0203 3 835 555" in html
    assert "mlat=20.951100" in html
    assert valid.get_absolute_url() in html
    for hidden in (expired, empty, elsewhere):
        assert hidden.get_absolute_url() not in html


def test_a_product_stocked_twice_at_one_showroom_is_listed_once(client, ha_long):
    product = stocked(ha_long, "Chả mực Hạ Long")
    StockRecordFactory(product=product, partner=ha_long)
    response = client.get("/showrooms/ocop-ha-long/")
    assert [p.pk for p in response.context["products"]] == [product.pk]


def test_detail_empty_state(client, ha_long):
    html = client.get("/showrooms/ocop-ha-long/").content.decode()
    assert "Điểm bán này hiện chưa có sản phẩm OCOP nào còn hàng." in html


def test_unknown_showroom_is_not_found(client, groups):
    assert client.get("/showrooms/khong-co/").status_code == 404
