"""Concurrent submissions on PostgreSQL (row locks; skipped on SQLite, CI runs it):
a double submit places one order; 16 shoppers racing for the last unit place
exactly one order and stock never goes below zero."""

import threading

import pytest
from django.db import connection
from django.test import Client
from oscar.apps.order.models import Order

from tests.factories import CertificateFactory, ProductFactory

from .conftest import place, to_preview

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (CI runs it)"
    ),
    # Serialized rollback: later browser tests find the migrated rows (content types) intact.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_once(calls):
    """Run every call at the same moment, one thread each; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        from django.db import connections

        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # a 500 would surface here
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.fixture(autouse=True)
def _migrated_rows():
    """Transactional tests flush the tables: put back what data migrations wrote."""
    import importlib

    from django.apps import apps

    checkout = importlib.import_module("storefront.checkout.migrations.0001_initial")
    shipping = importlib.import_module(
        "storefront.shipping.migrations.0004_weightbased_province_codes")
    checkout.add_vietnam(apps, None)
    shipping.nationwide_card(apps, None)


@pytest.fixture
def last_unit(groups, showroom):
    item = ProductFactory(title="Rượu Ba kích", stock={"partner": showroom, "num_in_stock": 1})
    CertificateFactory(product=item)
    return item


def test_double_submit_places_one_order(product):
    client = Client()
    to_preview(client, product)
    responses = at_once([lambda: place(client), lambda: place(client)])
    assert all(getattr(r, "status_code", None) == 302 for r in responses), responses
    assert Order.objects.count() == 1
    assert product.stockrecords.get().num_allocated == 1


def test_sixteen_shoppers_for_the_last_unit(last_unit):
    clients = [Client() for _ in range(16)]
    for index, client in enumerate(clients):
        to_preview(client, last_unit, email=f"shopper{index}@example.vn")
    responses = at_once([lambda c=c: place(c) for c in clients])
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert all(r.status_code in (200, 302) for r in responses)
    assert Order.objects.count() == 1
    record = last_unit.stockrecords.get()
    assert record.num_in_stock == 1 and record.num_allocated == 1
    refused = [r for r in responses if r.status_code == 200]
    assert refused and all("chỉ còn 0 sản phẩm" in r.content.decode() for r in refused)
