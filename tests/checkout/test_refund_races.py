"""Two members of staff refunding one order at the same moment (PostgreSQL row locks;
skipped on SQLite, CI runs it): one refund, one call to Stripe."""

import pytest
from django.db import connection
from django.test import Client

from storefront.checkout.models import Refund
from storefront.checkout.refunds import RefundError, refund_lines

from .payment_helpers import card_order_paid
from .test_races import _migrated_rows, at_once  # noqa: F401  (autouse: the Country row)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def attempt(order, **kwargs):
    try:
        return refund_lines(order, **kwargs)
    except RefundError as error:
        return error


def test_two_staff_refunding_the_whole_order_at_once_refund_once(product, stripe_server):
    order, __ = card_order_paid(Client(), product, stripe_server)
    results = at_once([lambda: attempt(order, quantities=None, reason="Bấm cùng lúc")] * 2)
    assert sorted(type(r).__name__ for r in results) == ["Refund", "RefundError"], results
    assert Refund.objects.count() == 1
    assert len(stripe_server.calls("POST", "/v1/refunds")) == 1


def test_a_double_submitted_form_is_one_refund(product, stripe_server):
    order, __ = card_order_paid(Client(), product, stripe_server, quantity=3)
    line = order.lines.get()
    results = at_once([lambda: attempt(order, quantities={line.pk: 1}, reason="Hai lần",
                                       token="form-1")] * 2)
    assert {r.pk for r in results} == {Refund.objects.get().pk}, results
    assert len(stripe_server.calls("POST", "/v1/refunds")) == 1
