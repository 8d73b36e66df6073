"""The product page: certificate panel, QR code, price in VND, where to buy,
and the 410 page of a product that lost its certificate."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalogue.models import Certificate, Producer
from catalogue.qr import qr_svg
from tests.factories import (
    CertificateFactory,
    PartnerFactory,
    ProducerFactory,
    ProductFactory,
    StockRecordFactory,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


@pytest.fixture
def showroom():
    return PartnerFactory(
        name="Điểm bán OCOP Uông Bí", slug="ocop-uong-bi", opening_hours="07:30–20:00"
    )


@pytest.fixture
def product(groups, showroom):
    producer = ProducerFactory(
        name="Công ty TNHH Nam dược Y Võ", kind=Producer.Kind.COMPANY, tax_code="5701234567"
    )
    product = ProductFactory(
        title="Cao lạc tiên an thần", producer=producer, group="herbal",
        stock={"partner": showroom, "price": "125000"},
    )
    CertificateFactory(
        product=product, certificate_no="QN-2024-0736", stars=4,
        level=Certificate.Level.PROVINCIAL, decision_no="736/QĐ-UBND",
        issuer="UBND tỉnh Quảng Ninh",
        issued_on=dt.date(2024, 3, 5), expires_on=dt.date(2027, 3, 5),
    )
    return product


def page(client, product, **extra):
    with at(2026, 11, 24, 10, 0):
        return client.get(product.get_absolute_url(), **extra)


def test_certificate_panel_shows_the_certificate(client, product):
    response = page(client, product)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "QN-2024-0736",
        "Số 736/QĐ-UBND",
        "UBND tỉnh Quảng Ninh",
        "Cấp tỉnh",
        "05/03/2024",
        "05/03/2027",
        "Công ty TNHH Nam dược Y Võ",
        "Công ty",
        "Mã số thuế 5701234567",
        "4 sao",
    ]:
        assert text in html, text
    assert "data-ocop-badge" in html


def test_shown_stars_come_from_the_newest_valid_certificate(client, product):
    CertificateFactory(
        product=product, certificate_no="QN-2026-0001", stars=5, level=Certificate.Level.NATIONAL,
        issued_on=dt.date(2026, 1, 10), expires_on=dt.date(2029, 1, 10),
    )
    response = page(client, product)
    assert response.context["certificate"].certificate_no == "QN-2026-0001"
    assert "5 sao" in response.content.decode()


def test_price_is_formatted_in_vietnamese_dong(client, product):
    html = page(client, product).content.decode()
    assert "125.000\xa0₫" in html


def test_qr_code_encodes_the_verification_url(client, product):
    response = page(client, product)
    verify_url = "http://testserver/verify/QN-2024-0736/"
    assert response.context["verify_url"] == verify_url
    html = response.content.decode()
    # The QR image is the one generated for exactly this URL, and it links there.
    assert str(response.context["verify_qr"]) == qr_svg(verify_url)
    assert qr_svg(verify_url) in html
    assert f'href="{verify_url}" data-verify-link' in html
    assert client.get("/verify/QN-2024-0736/").status_code == 200


def test_where_to_find_lists_showrooms_with_stock_only(client, product, showroom):
    empty = PartnerFactory(name="Điểm bán hết hàng", slug="het-hang")
    StockRecordFactory(product=product, partner=empty, num_in_stock=0)
    html = page(client, product).content.decode()
    assert 'href="/showrooms/ocop-uong-bi/"' in html
    assert "07:30–20:00" in html
    # Listed with its level, never a count.
    assert "Điểm bán hết hàng" in html and 'data-level="out_of_stock"' in html


def test_add_to_basket_form_posts_to_oscar(client, product):
    html = page(client, product).content.decode()
    assert f'action="/basket/add/{product.pk}/"' in html


def test_english_version(client, product):
    with at(2026, 11, 24, 10, 0):
        html = client.get("/en" + product.get_absolute_url()).content.decode()
    assert '<html lang="en"' in html
    assert "Certificate number" in html
    assert "OCOP certificate" in html
    assert "125,000\xa0₫" in html


def test_expired_product_answers_410_with_the_reason_and_related_products(client, product, groups):
    other = ProductFactory(title="Rượu Ba kích", group="herbal")
    CertificateFactory(product=other)
    elsewhere = ProductFactory(title="Gạo Nếp Tài", group="food")
    CertificateFactory(product=elsewhere)
    with at(2027, 3, 6, 0, 0):
        response = client.get(product.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Giấy chứng nhận OCOP đã hết hạn ngày 05/03/2027" in html
    assert other.get_absolute_url() in html
    assert elsewhere.get_absolute_url() not in html
    assert "data-ocop-badge" not in html
    assert "/verify/QN-2024-0736/" in html


def test_revoked_product_says_when_and_why(client, product):
    Certificate.objects.filter(product=product).update(
        status=Certificate.Status.REVOKED, revoked_on=dt.date(2026, 8, 1),
        revocation_reason="Vi phạm Luật An toàn thực phẩm",
    )
    response = page(client, product)
    assert response.status_code == 410
    assert (
        "Giấy chứng nhận OCOP đã bị thu hồi ngày 01/08/2026: Vi phạm Luật An toàn thực phẩm"
        in response.content.decode()
    )


def test_product_not_public_is_not_found_even_if_certified(client, product):
    product.is_public = False
    product.save()
    assert page(client, product).status_code == 404


def test_language_switch_sets_english(client, product):
    html = page(client, product).content.decode()
    assert 'action="/i18n/setlang/"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": product.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == "/en" + product.get_absolute_url()
    with at(2026, 11, 24, 10, 0):
        html = client.get(response["Location"]).content.decode()
    assert '<html lang="en"' in html
    assert "Certificate number" in html


def test_where_to_find_leaves_out_partners_that_are_not_public_showrooms(client, product):
    # A fulfilment partner without a page (no slug) must not break the product page.
    warehouse = PartnerFactory(name="Kho trung tâm", slug=None)
    StockRecordFactory(product=product, partner=warehouse, num_in_stock=50)
    response = page(client, product)
    assert response.status_code == 200
    assert "Kho trung tâm" not in response.content.decode()


def test_the_page_asks_one_selector_shown_gone_or_not_found(product):
    from catalogue.selectors import GONE, NOT_FOUND, SHOWN, product_for_page

    with at(2026, 11, 24, 10, 0):
        shown = product_for_page(product.pk)
        assert shown.status == SHOWN and shown.product == product
        assert shown.certificate.certificate_no == "QN-2024-0736"
        assert product_for_page(ProductFactory().pk).status == NOT_FOUND  # never certified
    with at(2027, 3, 6, 0, 0):
        gone = product_for_page(product.pk)
        assert gone.status == GONE and gone.product == product
        assert gone.verdict.reason.startswith("Giấy chứng nhận OCOP đã hết hạn")
    product.is_public = False
    product.save()
    with at(2027, 3, 6, 0, 0):
        assert product_for_page(product.pk).status == NOT_FOUND  # unlisted


def test_qr_code_and_verify_links_use_site_url(client, product, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    response = client.get(product.get_absolute_url())
    verify_url = "https://ocop.example.vn/verify/QN-2024-0736/"
    assert response.context["verify_url"] == verify_url
    assert str(response.context["verify_qr"]) == qr_svg(verify_url)
    data = client.get("/verify/QN-2024-0736/", HTTP_ACCEPT="application/json").json()
    assert data["product_url"] == f"https://ocop.example.vn{product.get_absolute_url()}"
