"""The unpaid-order task and a ``payment_intent.succeeded`` webhook at the same moment
(PostgreSQL; skipped on SQLite, CI runs it): the order ends paid, or cancelled and
refunded, never cancelled with the money kept."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.apps.order.models import Order

from storefront.checkout import statuses
from storefront.checkout.models import Refund
from storefront.checkout.tasks import cancel_unpaid_card_orders

from .conftest import place, to_preview
from .payment_helpers import confirm_at_stripe, deliver, event
from .test_races import _migrated_rows, at_once  # noqa: F401  (autouse: the Country row)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("run", range(3))
def test_task_and_payment_at_once_never_keep_money_of_a_cancelled_order(
    product, stripe_server, run
):
    client = Client()
    to_preview(client, product, payment="card")
    place(client)
    order = Order.objects.get()
    client.get(reverse("checkout:card-payment", args=[order.number]))
    intent = confirm_at_stripe(stripe_server, order.card_payments.get())
    # Placed 61 minutes ago (time travel would move every thread's clock).
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - dt.timedelta(minutes=61))

    def task():
        return cancel_unpaid_card_orders()

    def webhook():
        return deliver(Client(), event(intent, "payment_intent.succeeded")).json()["outcome"]

    results = at_once([task, webhook])
    order.refresh_from_db()
    refunds = list(Refund.objects.all())
    if order.status == statuses.PAID:
        assert results == [0, "paid"] and not refunds
    else:
        assert order.status == statuses.CANCELLED, (order.status, results)
        assert results == [1, "order cancelled: refunded"]
        (refund,) = refunds
        assert refund.amount == order.total_incl_tax
        assert len(stripe_server.calls("POST", "/v1/refunds")) == 1
    record = product.stockrecords.get()
    assert record.num_allocated == (1 if order.status == statuses.PAID else 0)
    assert record.num_in_stock == 5
