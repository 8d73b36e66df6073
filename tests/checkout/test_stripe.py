"""Card payments against the Stripe emulator (localstripe on 127.0.0.1): the VND
amount and idempotency keys we send, one intent per attempt, Stripe failures as
a clear message, and the payment page ready to mount Stripe's Payment Element."""

import stripe
from django.urls import reverse
from oscar.apps.order.models import Order

from storefront.checkout import statuses
from storefront.checkout.models import CardPayment

from .conftest import place, to_preview


def card_order(client, product):
    to_preview(client, product, payment="card")
    response = place(client)
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:card-payment", args=[order.number])
    return order


def emulator(server):
    return stripe.StripeClient("sk_test_ocop", base_addresses={"api": server.url},
                               max_network_retries=0)


def test_card_order_waits_for_payment_with_its_units_held(client, product, stripe_server):
    order = card_order(client, product)
    assert order.status == statuses.PENDING_PAYMENT
    assert product.stockrecords.get().num_allocated == 1
    # Nothing is charged before the shopper opens the payment page.
    assert not stripe_server.calls("POST", "/v1/payment_intents")


def test_payment_page_creates_one_vnd_intent_with_an_idempotency_key(
    client, product, stripe_server
):
    order = card_order(client, product)
    page = client.get(reverse("checkout:card-payment", args=[order.number]))
    html = page.content.decode()
    assert page.status_code == 200
    payment = CardPayment.objects.get()
    (call,) = stripe_server.calls("POST", "/v1/payment_intents")
    assert call.idempotency_key == f"ocop-order-{order.number}-attempt-1"
    assert "amount=155000" in call.body and "currency=vnd" in call.body
    assert "automatic_payment_methods" not in call.body
    intent = emulator(stripe_server).v1.payment_intents.retrieve(payment.intent_id)
    assert (intent.amount, intent.currency) == (155000, "vnd")  # 155.000 ₫, zero-decimal
    assert intent.metadata["order_number"] == order.number

    # Ready to mount Stripe's Payment Element, with Stripe allowed on this page only.
    assert 'id="payment-element"' in html
    assert f'data-client-secret="{payment.client_secret}"' in html
    assert 'src="https://js.stripe.com/v3/"' in html and "card_payment.js" in html
    csp = page["Content-Security-Policy"]
    assert "https://js.stripe.com" in csp and "https://api.stripe.com" in csp
    assert "js.stripe.com" not in client.get(reverse("checkout:thank-you"))[
        "Content-Security-Policy"]

    # Reloading the page (or a second browser) reuses the intent: one charge.
    client.get(reverse("checkout:card-payment", args=[order.number]))
    assert len(stripe_server.calls("POST", "/v1/payment_intents")) == 1
    assert CardPayment.objects.count() == 1


def test_stripe_down_or_slow_is_a_clear_message_and_places_nothing_twice(
    client, product, stripe_server
):
    order = card_order(client, product)
    url = reverse("checkout:card-payment", args=[order.number])
    for fault in (("status", 500), ("delay", 3)):
        stripe_server.faults.append(fault)
        page = client.get(url)
        assert page.status_code == 200
        assert "Chưa kết nối được cổng thanh toán thẻ" in page.content.decode()
        assert not CardPayment.objects.exclude(intent_id="").exists()
    page = client.get(url)  # Stripe is back: the same attempt, the same key
    keys = {c.idempotency_key for c in stripe_server.calls("POST", "/v1/payment_intents")}
    assert keys == {f"ocop-order-{order.number}-attempt-1"}
    assert CardPayment.objects.exclude(intent_id="").count() == 1
    assert Order.objects.count() == 1


def test_another_browser_cannot_open_the_payment_page(client, product, stripe_server):
    from django.test import Client

    order = card_order(client, product)
    assert Client().get(reverse("checkout:card-payment", args=[order.number])).status_code == 404
    assert not stripe_server.calls("POST", "/v1/payment_intents")
