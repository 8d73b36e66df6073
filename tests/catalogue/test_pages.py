"""Every consumer path hides a product whose certificate lapsed and shows a
valid one, decided at Vietnam's midnight (registry contract §2)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from catalogue.models import Certificate
from cms.models import HomePage
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EXPIRES = dt.date(2026, 10, 15)

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


LAST_MINUTE = (2026, 10, 15, 23, 59)
NEXT_MIDNIGHT = (2026, 10, 16, 0, 0)


@pytest.fixture
def showroom(db):
    return PartnerFactory(name="Trung tâm OCOP Quảng Ninh", slug="trung-tam-ocop-quang-ninh")


def certified(title, showroom, **certificate):
    product = ProductFactory(title=title, stock={"partner": showroom})
    CertificateFactory(
        product=product,
        issued_on=certificate.pop("issued_on", dt.date(2024, 1, 10)),
        expires_on=certificate.pop("expires_on", dt.date(2027, 1, 10)),
        **certificate,
    )
    return product


@pytest.fixture
def products(groups, showroom):
    """One product each: valid, expiring on EXPIRES, revoked, suspended; all
    foods from Quảng Ninh in stock at the same showroom."""
    return {
        "valid": certified("Chả mực Hạ Long", showroom),
        "expiring": certified(
            "Nước mắm sá sùng", showroom, issued_on=dt.date(2023, 10, 15), expires_on=EXPIRES
        ),
        "revoked": certified(
            "Rượu Ba kích", showroom, status=Certificate.Status.REVOKED,
            revoked_on=dt.date(2025, 6, 1), revocation_reason="Vi phạm Luật An toàn thực phẩm",
        ),
        "suspended": certified("Trà hoa vàng", showroom, status=Certificate.Status.SUSPENDED),
    }


@pytest.fixture
def home_with_grid(products):
    home = HomePage.objects.get()
    home.body = [("products", {"heading": "Đặc sản Quảng Ninh", "group": "food", "stars": "",
                               "sort": "newest", "limit": 12})]
    home.save()
    return home


def consumer_paths(groups, showroom):
    return {
        "catalogue": reverse("catalogue:index"),
        "group": groups["food"].get_absolute_url(),
        "search": reverse("search:search") + "?q=quang+ninh",
        "showroom": showroom.get_absolute_url(),
        "home": "/",
        "sitemap": "/sitemap-products.xml",
    }


PATHS = ["catalogue", "group", "search", "showroom", "home", "sitemap"]


@pytest.mark.parametrize("path_name", PATHS)
def test_expiring_product_is_listed_until_the_last_minute_of_its_expiry_day(
    client, groups, showroom, products, home_with_grid, path_name
):
    url = consumer_paths(groups, showroom)[path_name]
    with at(*LAST_MINUTE):
        body = client.get(url).content.decode()
    assert products["valid"].get_absolute_url() in body
    assert products["expiring"].get_absolute_url() in body
    assert products["revoked"].get_absolute_url() not in body
    assert products["suspended"].get_absolute_url() not in body


@pytest.mark.parametrize("path_name", PATHS)
def test_expiring_product_disappears_at_the_next_local_midnight(
    client, groups, showroom, products, home_with_grid, path_name
):
    url = consumer_paths(groups, showroom)[path_name]
    with at(*NEXT_MIDNIGHT):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert products["valid"].get_absolute_url() in body
    assert products["expiring"].get_absolute_url() not in body
    assert products["revoked"].get_absolute_url() not in body
    assert products["suspended"].get_absolute_url() not in body


def test_product_page_answers_200_then_410_at_midnight(client, products):
    url = products["expiring"].get_absolute_url()
    with at(*LAST_MINUTE):
        assert client.get(url).status_code == 200
    with at(*NEXT_MIDNIGHT):
        response = client.get(url)
    assert response.status_code == 410
    assert "Giấy chứng nhận OCOP đã hết hạn ngày 15/10/2026" in response.content.decode()


@pytest.mark.parametrize("name", ["revoked", "suspended"])
def test_product_page_of_revoked_or_suspended_product_is_gone(client, products, name):
    with at(*LAST_MINUTE):
        assert client.get(products[name].get_absolute_url()).status_code == 410


def test_never_certified_product_is_not_found(client, groups):
    product = ProductFactory(title="Bí xanh thơm Ba Bể")
    assert client.get(product.get_absolute_url()).status_code == 404


def test_sitemap_index_lists_the_product_section(client, products):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "sitemap-products.xml" in response.content.decode()


@pytest.mark.parametrize("url", ["/basket/", "/accounts/login/", "/offers/", "/verify/NOPE-1/"])
def test_oscar_pages_use_the_storefront_layout(client, groups, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    assert 'class="groupnav"' in html
    assert 'action="/i18n/setlang/"' in html
    assert "ocop/css/ocop.css" in html


def test_checkout_pages_keep_the_brand(client, groups):
    product = ProductFactory()
    CertificateFactory(product=product)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    html = client.get(reverse("checkout:index")).content.decode()
    assert 'class="brand-name"' in html
    assert "ocop/css/ocop.css" in html


def test_unknown_page_uses_the_storefront_404(client, groups):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_english_catalogue_is_complete_and_compiled():
    """Every Vietnamese source string has English, and the .mo matches the .po."""
    import gettext
    import re
    from pathlib import Path

    from babel.messages.pofile import read_po

    folder = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as po:
        catalog = read_po(po)
    with open(folder / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    untranslated, stale = [], []
    for message in catalog:
        if not message.id:
            continue
        singular = message.id if isinstance(message.id, str) else message.id[0]
        english = message.string if isinstance(message.string, str) else message.string[0]
        if not english:
            if re.search(r"[^\x00-\x7f]", singular):
                untranslated.append(singular)
            continue
        if isinstance(message.id, str):
            if compiled.gettext(message.id) != english:
                stale.append(singular)
        elif compiled.ngettext(message.id[0], message.id[1], 1) != english:
            stale.append(singular)
    assert untranslated == []
    assert stale == [], "run: python manage.py compilemessages -l en"
