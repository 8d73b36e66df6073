"""List pages cost a fixed number of SQL queries whatever their size: no
N+1 on certificates, producers, images, stars, prices or stock."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from catalogue.models import ProductImage
from cms.models import HomePage
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

# A fixed cost per page (site, locale, menu and footer settings, the online
# warehouse, categories) plus the list itself; what matters is that it does not grow.
MAX_QUERIES = 20

pytestmark = pytest.mark.django_db


def jpeg(name):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "#1d6b40").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def showroom():
    return PartnerFactory(slug="trung-tam-ocop")


@pytest.fixture
def make_products(groups, showroom):
    def make(count):
        for _ in range(count):
            product = ProductFactory(stock={"partner": showroom})
            ProductImage.objects.create(product=product, original=jpeg(f"{product.code}.jpg"))
            CertificateFactory(product=product)
    return make


@pytest.fixture
def home_grid():
    home = HomePage.objects.get()
    home.body = [("products", {"heading": "Mới", "group": "food", "stars": "", "sort": "newest",
                               "limit": 24})]
    home.save()


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, category URLs, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def pages(groups, showroom):
    return {
        "catalogue": "/catalogue/?per_page=48",
        "group": groups["food"].get_absolute_url() + "?per_page=48&sort=price_asc",
        "search": "/search/?q=cha+muc&per_page=48&stars=4",
        "showroom": showroom.get_absolute_url(),
        "home": "/",
    }


@pytest.mark.parametrize("name", ["catalogue", "group", "search", "showroom", "home"])
def test_list_page_queries_do_not_grow_with_the_page(
    client, groups, showroom, make_products, home_grid, name, django_assert_max_num_queries
):
    url = pages(groups, showroom)[name]
    make_products(5)
    small, response = count_queries(client, url)
    assert response.content.decode().count('class="product-card"') == 5

    make_products(43)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    large, response = count_queries(client, url)
    shown = 24 if name == "home" else 48
    assert response.content.decode().count('class="product-card"') == shown
    assert large == small <= MAX_QUERIES


def test_showroom_list_queries_do_not_grow_with_the_page(client, groups):
    for _ in range(3):
        PartnerFactory()
    small, _ = count_queries(client, "/showrooms/")
    for _ in range(27):
        PartnerFactory()
    large, response = count_queries(client, "/showrooms/")
    assert response.content.decode().count("data-product-count") == 30
    assert large == small <= MAX_QUERIES
