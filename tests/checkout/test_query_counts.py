"""Checkout pages run a fixed number of SQL queries whatever the number of basket
lines: Oscar's per-line reads (the product's class, its stock records) are loaded
once per page for the whole basket (``placement.prime_sellability``)."""

from django.test import Client
from django.urls import reverse

from tests.factories import CertificateFactory, ProductFactory

from .conftest import post_address

PAGES = ("checkout:shipping-address", "checkout:shipping-method", "checkout:payment-method",
         "checkout:preview")


def to_preview_with(lines: int, showroom) -> Client:
    client = Client()
    for _ in range(lines):
        product = ProductFactory(stock={"partner": showroom, "num_in_stock": 5})
        CertificateFactory(product=product)
        client.post(reverse("basket:add", args=[product.pk]), {"quantity": 2})
    client.post(reverse("checkout:index"), {"username": "lan@example.vn", "options": "anonymous"})
    assert post_address(client).status_code == 302
    client.post(reverse("checkout:shipping-method"), {"method_code": "giao-hang-tan-noi"})
    client.post(reverse("checkout:payment-method"), {"method": "card"})
    assert client.get(reverse("checkout:preview")).status_code == 200
    return client


def counts(client, django_assert_max_num_queries) -> dict[str, int]:
    found = {}
    for name in PAGES:
        with django_assert_max_num_queries(60) as queries:
            assert client.get(reverse(name)).status_code in (200, 302)
        found[name] = len(queries)  # read now: the next request resets the log
    return found


def test_checkout_pages_do_not_grow_with_basket_lines(groups, showroom,
                                                      django_assert_max_num_queries):
    one = counts(to_preview_with(1, showroom), django_assert_max_num_queries)
    eight = counts(to_preview_with(8, showroom), django_assert_max_num_queries)
    for name in PAGES:
        assert eight[name] <= one[name], (name, one[name], eight[name])
