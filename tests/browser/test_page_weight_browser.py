"""The product page's first load stays light, and images do not shift the layout.

Budget: HTML + CSS + JavaScript + fonts (not images) ≤ 150 KB transferred. Static
files are counted as production sends them: Brotli-compressed by WhiteNoise
(``tests/frontend/test_static_files.py`` checks that it does); the page as it came
over the wire (gzip, GZipMiddleware).
"""

import brotli
import pytest

from tests.factories import CertificateFactory, ProductFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BUDGET = 150 * 1024


def first_load(page, url):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("load")
    return responses


def test_product_page_first_load_is_within_budget(live_server, storefront, page):
    url = live_server.url + storefront["buoi"].get_absolute_url()
    sent, fonts = {}, []
    for response in first_load(page, url):
        kind = response.request.resource_type
        if kind == "font":
            fonts.append(response.url)
        if kind == "image":
            continue
        if "/static/" in response.url:
            sent[response.url] = len(brotli.compress(response.body()))
        else:
            assert response.headers.get("content-encoding") == "gzip"
            sent[response.url] = response.request.sizes()["responseBodySize"]

    total = sum(sent.values())
    print(f"product page first load: {total / 1024:.1f} KB in {len(sent)} requests", sent)
    assert total <= BUDGET, sent
    assert not fonts  # icons are inline SVG: no icon font


def test_card_images_reserve_their_box_and_only_the_first_row_loads_at_once(
    live_server, storefront, page
):
    for i in range(3):  # seven certified products: a first row of four and three more
        CertificateFactory(product=ProductFactory(title=f"Mật ong bạc hà {i}"))
    page.goto(live_server.url + "/catalogue/")
    images = page.locator(".product-card img")
    assert images.count() == 7
    loading = [images.nth(i).get_attribute("loading") for i in range(7)]
    assert loading == ["eager"] * 4 + ["lazy"] * 3
    for i in range(7):
        assert images.nth(i).get_attribute("width") and images.nth(i).get_attribute("height")
    assert images.first.get_attribute("fetchpriority") == "high"
    assert images.nth(1).get_attribute("fetchpriority") is None

    page.goto(live_server.url + storefront["buoi"].get_absolute_url())
    main = page.locator(".product-gallery > img")
    assert main.get_attribute("fetchpriority") == "high"
    assert main.get_attribute("width") == "640" and main.get_attribute("height") == "480"
