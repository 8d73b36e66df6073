"""``charge.refunded`` as Stripe sends it (built and signed here: the emulator sends
no events): the charge's running ``amount_refunded`` is applied once, whatever the
number of deliveries and their order; refunds made in Stripe's dashboard are recorded
too; an automatic refund is not recorded twice."""

from oscar.apps.order.models import Order

from catalogue.models import Certificate
from storefront.checkout import statuses
from storefront.checkout.models import Refund, StripeEvent
from storefront.checkout.refunds import refund_lines

from .payment_helpers import card_order_paid, charge_refunded, deliver, event


def refund_events(order):
    return order.payment_events.filter(event_type__name="Hoàn tiền")


def test_the_same_charge_refunded_three_times_records_once(client, product, stripe_server):
    order, intent = card_order_paid(client, product, stripe_server)
    refund_lines(order, quantities=None, reason="Khách huỷ")
    refunded = charge_refunded(intent, int(order.total_incl_tax))
    outcomes = [deliver(client, refunded).json()["outcome"] for _ in range(3)]
    assert outcomes == ["refunded: 1 requested", "duplicate", "duplicate"]
    assert refund_events(order).count() == 1
    # The same total in a new event (Stripe's retry of another event) adds nothing either.
    again = deliver(client, charge_refunded(intent, int(order.total_incl_tax)))
    assert again.json()["outcome"] == "already recorded"
    assert refund_events(order).count() == 1
    assert Order.objects.get().status == statuses.REFUNDED


def test_events_out_of_order_apply_each_difference_once(client, product, stripe_server):
    order, intent = card_order_paid(client, product, stripe_server, quantity=3)
    line = order.lines.get()
    first = refund_lines(order, quantities={line.pk: 1}, reason="Hộp móp")
    second = refund_lines(order, quantities={line.pk: 1}, reason="Hộp vỡ")
    total = int(first.amount + second.amount)
    # The later event (running total of both) arrives first.
    late = deliver(client, charge_refunded(intent, total))
    assert late.json()["outcome"] == "refunded: 2 requested"
    early = deliver(client, charge_refunded(intent, int(first.amount)))
    assert early.json()["outcome"] == "already recorded"
    assert set(Refund.objects.values_list("state", flat=True)) == {Refund.State.DONE}
    assert sum(e.amount for e in refund_events(order)) == total
    order.refresh_from_db()
    assert order.status == statuses.PAID  # one unit and the delivery not refunded
    assert order.sources.get().amount_refunded == total


def test_refund_ids_in_the_event_pick_the_refund_stripe_made(client, product, stripe_server):
    order, intent = card_order_paid(client, product, stripe_server, quantity=3)
    line = order.lines.get()
    first = refund_lines(order, quantities={line.pk: 1}, reason="Một")
    second = refund_lines(order, quantities={line.pk: 1}, reason="Hai")
    deliver(client, charge_refunded(intent, int(second.amount),
                                    refund_ids=[second.stripe_refund_id]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (Refund.State.REQUESTED, Refund.State.DONE)


def test_a_refund_made_in_stripes_dashboard_is_recorded_and_managers_told(
    client, product, stripe_server, settings, mailoutbox
):
    settings.MANAGERS = [("Văn phòng", "vanphong@ocop.example.vn")]
    order, intent = card_order_paid(client, product, stripe_server)
    response = deliver(client, charge_refunded(intent, 50000))
    assert response.json()["outcome"] == "refunded: 0 requested, 50000 from Stripe directly"
    outside = Refund.objects.get()
    assert (outside.amount, outside.state, outside.requested_by) == (50000, Refund.State.DONE,
                                                                     None)
    assert any("hoàn tiền ngoài hệ thống" in m.subject for m in mailoutbox)
    # What may still be refunded went down by as much.
    rest = refund_lines(order, quantities=None, reason="Phần còn lại")
    assert rest.amount == order.total_incl_tax - 50000


def test_automatic_refund_of_a_lapsed_certificate_is_recorded_once(
    client, product, stripe_server
):
    from django.urls import reverse

    from .conftest import place
    from .payment_helpers import confirm_at_stripe, to_preview

    to_preview(client, product, payment="card")
    place(client)
    order = Order.objects.get()
    client.get(reverse("checkout:card-payment", args=[order.number]))
    intent = confirm_at_stripe(stripe_server, order.card_payments.get())
    Certificate.objects.filter(product=product).update(status=Certificate.Status.REVOKED)
    outcome = deliver(client, event(intent, "payment_intent.succeeded")).json()["outcome"]
    assert outcome == "certificate no longer valid: refunded"
    refund = Refund.objects.get()
    assert refund.idempotency_key == f"refund-{intent['id']}-whole"
    assert refund.state == Refund.State.REQUESTED
    for _ in range(2):
        deliver(client, charge_refunded(intent, intent["amount"]))
    refund.refresh_from_db()
    assert refund.state == Refund.State.DONE
    assert refund_events(order).count() == 1 and Refund.objects.count() == 1
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED  # cancelled, and its money given back
    assert StripeEvent.objects.filter(type="charge.refunded").count() == 2


def test_charge_refunded_for_an_unknown_intent_changes_nothing(client, product,
                                                               stripe_server):
    order, intent = card_order_paid(client, product, stripe_server)
    response = deliver(client, charge_refunded({**intent, "id": "pi_unknown"}, 1000))
    assert response.status_code == 200 and response.json()["outcome"] == "unknown intent"
    assert not Refund.objects.exists()


def test_malformed_charge_is_refused_and_stored_nowhere(client, product, stripe_server):
    order, intent = card_order_paid(client, product, stripe_server)
    bad = charge_refunded(intent, 1000)
    bad["data"]["object"]["amount_refunded"] = "1000"
    response = deliver(client, bad)
    assert response.status_code == 400
    assert not StripeEvent.objects.filter(type="charge.refunded").exists()
    assert not Refund.objects.exists()
