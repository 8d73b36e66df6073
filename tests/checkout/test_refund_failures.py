"""A card refund Stripe fails later (``refund.failed``, ``refund.updated``,
``charge.refund.updated``, built and signed as Stripe sends them: the emulator sends no
events): the refund is FAILED with Stripe's reason, its amount may be refunded again,
what its completion did is undone, staff see the reason on the payments panel and
managers are e-mailed; once, in any order with ``charge.refunded``."""

import logging
import time
import uuid

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from storefront.checkout import statuses
from storefront.checkout.models import CardPayment, Refund, StripeEvent
from storefront.checkout.refunds import amount_refunded, refund_lines

from .payment_helpers import card_order_paid, charge_refunded, deliver

PANEL = Template("{% load checkout_dashboard %}{% payments_panel order request.user %}")


@pytest.fixture(autouse=True)
def _managers(settings):
    settings.MANAGERS = [("Văn phòng", "vanphong@ocop.example.vn")]


def refund_failed(refund: Refund, intent: dict, *, kind="refund.failed",
                  reason="expired_or_canceled_card", status="failed", refund_id=None,
                  event_id=None) -> dict:
    """The event Stripe sends when a refund fails: the Refund object, its metadata as
    the shop sent it."""
    obj = {"id": refund_id or refund.stripe_refund_id, "object": "refund",
           "amount": int(refund.amount), "currency": "vnd",
           "charge": intent.get("latest_charge") or "ch_x", "payment_intent": intent["id"],
           "status": status, "failure_reason": reason,
           "metadata": {"order_number": refund.order.number, "refund": str(refund.number)},
           "created": int(time.time())}
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:16]}", "object": "event",
            "type": kind, "created": int(time.time()), "data": {"object": obj}}


def failure_mails(mailoutbox):
    return [m for m in mailoutbox if "hoàn tiền thẻ thất bại" in m.subject]


def panel(order, user):
    request = RequestFactory().get("/")
    request.user = user
    return PANEL.render(Context({"order": order, "request": request}))


def test_a_failed_refund_may_be_refunded_again_and_managers_are_told(
    client, product, stripe_server, mailoutbox, admin_user
):
    order, intent = card_order_paid(client, product, stripe_server)
    refund = refund_lines(order, quantities=None, reason="Khách huỷ", user=admin_user)
    assert amount_refunded(order) == order.total_incl_tax
    response = deliver(client, refund_failed(refund, intent))
    assert response.status_code == 200 and response.json()["outcome"] == "refund failed: 1"
    refund.refresh_from_db()
    assert (refund.state, refund.failure) == (Refund.State.FAILED, "expired_or_canceled_card")
    assert amount_refunded(order) == 0
    order.refresh_from_db()
    assert order.status == statuses.PAID
    assert order.notes.filter(message__contains="không thực hiện được: thẻ của khách đã hết "
                                                "hạn hoặc đã bị huỷ").exists()
    [mail] = failure_mails(mailoutbox)
    assert mail.to == ["vanphong@ocop.example.vn"] and order.number in mail.subject
    assert "thẻ của khách đã hết hạn hoặc đã bị huỷ (expired_or_canceled_card)" in mail.body
    assert "the shopper's card has expired or been cancelled" in mail.body
    assert refund.stripe_refund_id in mail.body and "lan@example.vn" in mail.body
    # The payments panel says why, in Vietnamese, and in English for English staff.
    html = panel(order, admin_user)
    assert "thất bại (thẻ của khách đã hết hạn hoặc đã bị huỷ" in html
    with translation.override("en"):
        assert "failed (the shopper's card has expired or been cancelled" in panel(
            order, admin_user)
    # Staff refund the order again from the dashboard: a new refund, a new key.
    client.force_login(admin_user)
    url = reverse("dashboard:order-refund", args=[order.number])
    review = client.post(url, {"everything": "on", "reason": "Hoàn lại lần hai"})
    assert review.status_code == 200, review.content.decode()[:2000]
    done = client.post(url, {"everything": "on", "reason": "Hoàn lại lần hai",
                             "token": review.context["token"],
                             "expected_amount": f"{order.total_incl_tax:.2f}",
                             "action": "confirm"})
    assert done.status_code == 302
    again = Refund.objects.get(number=2)
    assert (again.state, again.amount) == (Refund.State.REQUESTED, order.total_incl_tax)
    keys = [c.idempotency_key for c in stripe_server.calls("POST", "/v1/refunds")]
    assert keys == [f"ocop-refund-{order.number}-1", f"ocop-refund-{order.number}-2"]


def test_the_same_failure_delivered_again_or_in_other_events_changes_nothing(
    client, product, stripe_server, mailoutbox
):
    order, intent = card_order_paid(client, product, stripe_server)
    refund = refund_lines(order, quantities=None, reason="Khách huỷ")
    failed = refund_failed(refund, intent, kind="charge.refund.updated")
    outcomes = [deliver(client, failed).json()["outcome"] for _ in range(2)]
    for kind in ("refund.updated", "refund.failed"):
        outcomes.append(deliver(client, refund_failed(refund, intent, kind=kind,
                                                      reason="declined")).json()["outcome"])
    assert outcomes == ["refund failed: 1", "duplicate", "already failed", "already failed"]
    refund.refresh_from_db()
    assert refund.failure == "expired_or_canceled_card"  # the first reason stays
    assert len(failure_mails(mailoutbox)) == 1
    assert order.notes.filter(message__contains="không thực hiện được").count() == 1
    assert Refund.objects.count() == 1 and amount_refunded(order) == 0


def test_failure_before_charge_refunded_of_another_refund(client, product, stripe_server,
                                                          mailoutbox):
    order, intent = card_order_paid(client, product, stripe_server, quantity=3)
    line = order.lines.get()
    first = refund_lines(order, quantities={line.pk: 1}, reason="Hộp móp")
    second = refund_lines(order, quantities={line.pk: 1}, reason="Hộp vỡ")
    assert first.amount == second.amount  # the total alone cannot tell them apart
    assert deliver(client, refund_failed(first, intent)).json()["outcome"] == (
        "refund failed: 1")
    # Stripe's total no longer counts the failed refund: the other one is done.
    outcome = deliver(client, charge_refunded(intent, int(second.amount))).json()["outcome"]
    assert outcome == "refunded: 1 requested"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (Refund.State.FAILED, Refund.State.DONE)
    assert amount_refunded(order) == second.amount
    assert order.sources.get().amount_refunded == second.amount
    order.refresh_from_db()
    assert order.status == statuses.PAID
    # A total taken before the failure (it still counts the failed refund) arriving
    # late is not a refund made in Stripe's dashboard.
    stale = charge_refunded(intent, int(first.amount + second.amount))
    outcome = deliver(client, stale).json()["outcome"]
    assert outcome == f"refunded: 0 requested, {int(first.amount)} of refunds since failed"
    assert Refund.objects.count() == 2
    assert not [m for m in mailoutbox if "ngoài hệ thống" in m.subject]
    assert order.sources.get().amount_refunded == second.amount
    # The failed unit may be refunded again.
    rest = refund_lines(order, quantities={line.pk: 2}, reason="Hoàn lại")
    assert rest.number == 3 and amount_refunded(order) == order.total_incl_tax


def test_failure_after_charge_refunded_of_another_refund(client, product, stripe_server):
    order, intent = card_order_paid(client, product, stripe_server, quantity=3)
    line = order.lines.get()
    first = refund_lines(order, quantities={line.pk: 1}, reason="Một")
    second = refund_lines(order, quantities={line.pk: 1}, reason="Hai")
    deliver(client, charge_refunded(intent, int(second.amount),
                                    refund_ids=[second.stripe_refund_id]))
    outcome = deliver(client, refund_failed(first, intent, kind="charge.refund.updated",
                                            reason="lost_or_stolen_card")).json()["outcome"]
    assert outcome == "refund failed: 1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.failure, second.state) == (
        Refund.State.FAILED, "lost_or_stolen_card", Refund.State.DONE)
    assert order.sources.get().amount_refunded == second.amount  # nothing to take back
    assert not order.payment_events.filter(event_type__name="Hoàn tiền thất bại").exists()
    # A later total (the other refund only) records nothing more.
    again = deliver(client, charge_refunded(intent, int(second.amount)))
    assert again.json()["outcome"] == "already recorded"
    assert amount_refunded(order) == second.amount


def test_a_refund_done_then_failed_puts_the_order_back(client, product, stripe_server,
                                                       mailoutbox):
    order, intent = card_order_paid(client, product, stripe_server)
    refund = refund_lines(order, quantities=None, reason="Khách huỷ")
    deliver(client, charge_refunded(intent, int(order.total_incl_tax)))
    order.refresh_from_db()
    assert order.status == statuses.REFUNDED
    assert order.card_payments.get().state == CardPayment.State.REFUNDED
    outcome = deliver(client, refund_failed(refund, intent, reason="declined")).json()
    assert outcome["outcome"] == "refund failed: 1"
    order.refresh_from_db()
    assert order.status == statuses.PAID  # where it was before the refund
    assert order.status_changes.latest("pk").old_status == statuses.REFUNDED
    assert order.card_payments.get().state == CardPayment.State.SUCCEEDED
    assert order.sources.get().amount_refunded == 0
    event = order.payment_events.get(event_type__name="Hoàn tiền thất bại")
    assert (event.amount, event.reference) == (order.total_incl_tax, refund.stripe_refund_id)
    refund.refresh_from_db()
    assert (refund.state, refund.completed_at) == (Refund.State.FAILED, None)
    [mail] = failure_mails(mailoutbox)
    assert "ngân hàng phát hành thẻ từ chối nhận tiền hoàn" in mail.body
    assert f"trở lại trạng thái “{statuses.PAID}”" in mail.body
    # Stripe's later total without the failed refund changes nothing.
    assert deliver(client, charge_refunded(intent, 0)).json()["outcome"] == "already recorded"
    assert refund_lines(order, quantities=None, reason="Lần hai").amount == (
        order.total_incl_tax)


def test_an_automatic_refund_that_fails_leaves_the_order_cancelled_and_money_kept(
    client, product, stripe_server, mailoutbox
):
    from oscar.apps.order.models import Order

    from catalogue.models import Certificate

    from .conftest import place, to_preview
    from .payment_helpers import confirm_at_stripe, event

    to_preview(client, product, payment="card")
    place(client)
    order = Order.objects.get()
    client.get(reverse("checkout:card-payment", args=[order.number]))
    intent = confirm_at_stripe(stripe_server, order.card_payments.get())
    Certificate.objects.filter(product=product).update(status=Certificate.Status.REVOKED)
    deliver(client, event(intent, "payment_intent.succeeded"))
    refund = Refund.objects.get()
    assert order.card_payments.get().state == CardPayment.State.REFUNDED
    assert deliver(client, refund_failed(refund, intent)).json()["outcome"] == (
        "refund failed: 1")
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED  # cancelled it stays; the money is kept
    assert order.card_payments.get().state == CardPayment.State.SUCCEEDED
    assert len(failure_mails(mailoutbox)) == 1
    assert refund_lines(order, quantities=None, reason="Hoàn lại").amount == intent["amount"]


def test_found_by_the_refund_its_metadata_names_on_the_same_intent(client, product,
                                                                  stripe_server):
    order, intent = card_order_paid(client, product, stripe_server)
    refund = refund_lines(order, quantities=None, reason="Khách huỷ")
    Refund.objects.filter(pk=refund.pk).update(stripe_refund_id="")
    refund.refresh_from_db()
    other_intent = {**intent, "id": "pi_someone_else"}
    forged = refund_failed(refund, other_intent, refund_id="re_elsewhere")
    assert deliver(client, forged).json()["outcome"] == "unknown refund"
    named = refund_failed(refund, intent, refund_id="re_from_stripe")
    assert deliver(client, named).json()["outcome"] == "refund failed: 1"
    refund.refresh_from_db()
    assert (refund.state, refund.stripe_refund_id) == (Refund.State.FAILED, "re_from_stripe")


def test_an_unknown_refund_is_answered_and_logged(client, product, stripe_server, caplog,
                                                  mailoutbox):
    order, intent = card_order_paid(client, product, stripe_server)
    refund = refund_lines(order, quantities=None, reason="Khách huỷ")
    unknown = refund_failed(refund, intent, refund_id="re_not_ours")
    unknown["data"]["object"]["metadata"] = {}
    with caplog.at_level(logging.WARNING, logger="storefront.checkout"):
        response = deliver(client, unknown)
    assert response.status_code == 200 and response.json()["outcome"] == "unknown refund"
    assert "re_not_ours" in caplog.text and "matches no refund of the shop" in caplog.text
    refund.refresh_from_db()
    assert refund.state == Refund.State.REQUESTED and not failure_mails(mailoutbox)


def test_a_refund_still_pending_or_succeeded_is_left_to_charge_refunded(
    client, product, stripe_server
):
    order, intent = card_order_paid(client, product, stripe_server)
    refund = refund_lines(order, quantities=None, reason="Khách huỷ")
    for status in ("pending", "succeeded"):
        update = refund_failed(refund, intent, kind="refund.updated", status=status,
                               reason=None)
        assert deliver(client, update).json()["outcome"] == f"ignored: refund {status}"
    refund.refresh_from_db()
    assert refund.state == Refund.State.REQUESTED


@pytest.mark.parametrize("spoil", [
    lambda obj: obj.pop("status"),
    lambda obj: obj.update(status=["failed"]),
    lambda obj: obj.update(id=12345),
    lambda obj: obj.update(object="charge"),
])
def test_a_malformed_refund_is_refused_and_stored_nowhere(client, product, stripe_server,
                                                          spoil):
    order, intent = card_order_paid(client, product, stripe_server)
    refund = refund_lines(order, quantities=None, reason="Khách huỷ")
    bad = refund_failed(refund, intent)
    spoil(bad["data"]["object"])
    response = deliver(client, bad)
    assert response.status_code == 400 and "malformed event" in response.json()["error"]
    assert not StripeEvent.objects.filter(type="refund.failed").exists()
    refund.refresh_from_db()
    assert refund.state == Refund.State.REQUESTED and amount_refunded(order) == refund.amount
