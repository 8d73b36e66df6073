"""``charge.dispute.created``: the order is held, noted with a payment event, and
managers are e-mailed; once per event."""

import pytest

from storefront.checkout import statuses

from .payment_helpers import card_order_paid, deliver, dispute_created


@pytest.fixture(autouse=True)
def _managers(settings):
    settings.MANAGERS = [("Văn phòng", "vanphong@ocop.example.vn")]


def test_a_dispute_holds_the_order_and_tells_managers(client, product, stripe_server,
                                                      mailoutbox):
    order, intent = card_order_paid(client, product, stripe_server)
    disputed = dispute_created(intent)
    outcomes = [deliver(client, disputed).json()["outcome"] for _ in range(3)]
    assert outcomes == ["dispute: held", "duplicate", "duplicate"]
    order.refresh_from_db()
    assert order.status == statuses.ON_HOLD
    event = order.payment_events.get(event_type__name="Khiếu nại thanh toán")
    assert event.reference == disputed["data"]["object"]["id"]
    assert event.amount == order.total_incl_tax
    assert order.notes.filter(message__contains="khiếu nại").exists()
    assert [m.subject for m in mailoutbox if "khiếu nại" in m.subject] == [
        f"[Django] Đơn {order.number}: khách khiếu nại thanh toán"]


def test_a_dispute_on_a_completed_order_is_noted_without_moving_it(
    client, product, stripe_server, mailoutbox
):
    order, intent = card_order_paid(client, product, stripe_server)
    order.status = statuses.COMPLETED
    order.save()
    deliver(client, dispute_created(intent))
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED
    assert order.notes.filter(message__contains="khiếu nại").exists()
    assert any("khiếu nại" in m.subject for m in mailoutbox)


def test_a_dispute_for_an_unknown_intent_changes_nothing(client, product, stripe_server):
    order, intent = card_order_paid(client, product, stripe_server)
    response = deliver(client, dispute_created({**intent, "id": "pi_nobody"}))
    assert response.json()["outcome"] == "unknown intent"
    order.refresh_from_db()
    assert order.status == statuses.PAID
