"""On English pages, Vietnamese-only content (product, producer and showroom names,
descriptions) is marked ``lang="vi"`` so screen readers pronounce it as Vietnamese."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(groups):
    showroom = PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh",
                              province_code="25")
    product = ProductFactory(title="Bưởi đỏ Tân Lạc", description="Bưởi ngọt, tép đỏ.",
                             province_code="25", stock={"partner": showroom})
    CertificateFactory(product=product, stars=5)
    return product


def english(url_of) -> str:
    with translation.override("en"):
        return url_of()


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "en"
    return page


def vietnamese(page, text):
    """Every occurrence of ``text`` in the page's main content sits inside an
    element marked ``lang="vi"`` (and there is at least one)."""
    nodes = page.find("main").find_all(string=lambda s: s and text in s)
    assert nodes, text
    return all(
        (holder := node.find_parent(attrs={"lang": True})) is not None
        and holder["lang"] == "vi"
        for node in nodes
    )


def test_product_page_in_english_marks_vietnamese_content(client, product):
    page = soup(client, english(product.get_absolute_url))
    assert vietnamese(page, "Bưởi đỏ Tân Lạc")
    assert vietnamese(page, "Bưởi ngọt, tép đỏ.")
    assert vietnamese(page, product.producer.name)


def test_lists_in_english_mark_vietnamese_names(client, product):
    assert vietnamese(soup(client, "/en/catalogue/"), "Bưởi đỏ Tân Lạc")
    assert vietnamese(soup(client, "/en/showrooms/"), "Trung tâm OCOP Hòa Bình")
    assert vietnamese(soup(client, "/en/showrooms/ocop-hoa-binh/"), "Trung tâm OCOP Hòa Bình")
    assert vietnamese(soup(client, english(product.producer.get_absolute_url)),
                      product.producer.name)


def test_the_english_map_links_to_english_pages(client, product):
    page = client.get("/en/ban-do-ocop/").content.decode()
    assert 'data-showrooms-url="/en/showrooms/"' in page
    assert 'data-catalogue-url="/en/catalogue/"' in page
    assert 'href="/en/catalogue/?province=25"' in page
