"""The OCOP map (/ban-do-ocop/): the per-province figures equal a naive count,
each province links to its products and producers, the islands are labelled."""

import datetime as dt

import pytest

from catalogue.figures import certified_by_province
from catalogue.models import Product
from catalogue.province_centres import province_centres
from catalogue.provinces import today_provinces
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_every_province_has_a_centre_inside_viet_nam():
    centres = province_centres()
    assert list(centres) == list(today_provinces()) and len(centres) == 34
    assert all(8 < lat < 23.5 and 102 < lon < 110 for lat, lon in centres.values())


def test_map_labels_hoang_sa_and_truong_sa(client, groups):
    response = client.get("/ban-do-ocop/")
    names = {island["name"] for island in response.context["map_config"]["islands"]}
    assert names == {"Quần đảo Hoàng Sa (Việt Nam)", "Quần đảo Trường Sa (Việt Nam)"}
    assert "leaflet/leaflet.js" in response.content.decode()


def test_ocop_map_figures_equal_a_naive_count(client, groups):
    for i, (province, stars) in enumerate([("22", 5), ("22", 3), ("22", 3), ("25", 4)]):
        product = ProductFactory(title=f"Sản phẩm {i}", province_code=province)
        CertificateFactory(product=product, stars=stars)
    expired = ProductFactory(title="Hết hạn", province_code="22")
    CertificateFactory(product=expired, stars=4, issued_on=dt.date(2020, 1, 1),
                       expires_on=dt.date(2023, 1, 1))
    figures = {row.code: row for row in certified_by_province()}
    assert len(figures) == 34
    for code, row in figures.items():
        naive = {
            stars: sum(1 for p in Product.objects.sellable().with_certificate()
                       if p.province_code == code and p.ocop_stars == stars)
            for stars in (3, 4, 5)
        }
        assert row.stars == naive and row.total == sum(naive.values())
    assert figures["22"].stars == {3: 2, 4: 0, 5: 1}
    PartnerFactory(slug="ha-long", latitude="20.95", longitude="107.08")
    response = client.get("/ban-do-ocop/")
    html = response.content.decode()
    assert '<tr data-province="22">' in html and "/catalogue/?province=22" in html
    assert "/producers/?province=22" in html
    layer = {row["code"]: row for row in response.context["map_config"]["provinces"]}
    assert layer["22"]["stars"] == {"3": 2, "4": 0, "5": 1} and layer["22"]["total"] == 3
    assert [m["slug"] for m in response.context["map_config"]["markers"]] == ["ha-long"]


def test_figures_on_a_given_day(groups):
    product = ProductFactory(province_code="22")
    CertificateFactory(product=product, stars=4, issued_on=dt.date(2025, 1, 1),
                       expires_on=dt.date(2026, 10, 15))
    assert certified_by_province(on=dt.date(2026, 10, 15))[9].stars[4] == 1  # "22" is tenth
    assert certified_by_province(on=dt.date(2026, 10, 16))[9].total == 0
