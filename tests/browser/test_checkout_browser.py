"""A guest buys with home delivery and a card, in headless Chromium: the Vietnamese
checkout up to Stripe's payment page (Stripe.js cannot load offline: the page is
checked ready to mount it), then the payment through the Stripe emulator and a
signed webhook, and the confirmation with the certificate."""

import json
import time
import urllib.request
import uuid

import pytest
import stripe

from storefront.checkout.models import CardPayment
from tests.browser.support import artifacts_dir, fill_vietnamese_address
from tests.checkout.stripe_server import start

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SECRET = "whsec_browser"


@pytest.fixture
def stripe_server(settings):
    server, __ = start()  # one emulator per process, shared with tests/checkout
    server.requests.clear()
    server.faults.clear()
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_SECRET_KEY = "sk_test_browser"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_browser"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    return server


def signed_webhook(url: str, intent: dict) -> dict:
    body = json.dumps({"id": f"evt_{uuid.uuid4().hex[:16]}", "object": "event",
                       "type": "payment_intent.succeeded", "created": int(time.time()),
                       "data": {"object": intent}})
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": "application/json",
        "Stripe-Signature": stripe.WebhookSignature.generate_signature_header(body, SECRET)})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_guest_buys_with_home_delivery_and_a_card(live_server, storefront, page, stripe_server):
    out = artifacts_dir()
    product = storefront["buoi"]
    page.route("https://js.stripe.com/**", lambda route: route.abort())  # offline here
    page.goto(live_server.url + product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(live_server.url + "/checkout/")
    page.fill("#id_username", "lan@example.vn")
    page.locator("form button[type=submit]", has_text="Tiếp tục").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Địa chỉ nhận hàng"
    fill_vietnamese_address(page)
    page.screenshot(path=str(out / "checkout-address.png"), full_page=True)
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Cách nhận hàng"
    home = page.locator('.shipping-method[data-code="giao-hang-tan-noi"]')
    assert "30.000" in home.inner_text()
    home.locator("button").click()
    page.wait_for_load_state()

    page.check("#method_card")
    page.locator("#payment_method_form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Xác nhận đơn hàng"
    assert page.locator("#order-total").inner_text() == "155.000\xa0₫"
    page.click("#place-order")
    page.wait_for_load_state()

    form = page.locator("#card-payment")
    assert page.locator("#payment-element").count() == 1
    payment = CardPayment.objects.get()
    assert form.get_attribute("data-client-secret") == payment.client_secret
    assert form.get_attribute("data-publishable-key") == "pk_test_browser"
    assert form.get_attribute("data-state") == "stripe-unavailable"  # Stripe.js blocked
    assert page.locator("#card-amount").inner_text() == "155.000\xa0₫"
    assert page.evaluate("window.__cspViolations") == []
    page.screenshot(path=str(out / "checkout-card.png"), full_page=True)

    # The card is confirmed at Stripe (the emulator), Stripe tells us by webhook.
    api = stripe.StripeClient("sk_test_browser", base_addresses={"api": stripe_server.url})
    method = api.v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    api.v1.payment_intents.update(payment.intent_id, params={"payment_method": method.id})
    intent = api.v1.payment_intents.confirm(payment.intent_id).to_dict()
    outcome = signed_webhook(f"{live_server.url}/checkout/stripe/webhook/", intent)
    assert outcome["outcome"] == "paid"

    page.goto(form.get_attribute("data-return-url"))
    page.wait_for_load_state()
    assert "Đã thanh toán" in page.locator(".order-status").inner_text()
    lines = page.locator("#confirmed-lines").inner_text()
    assert "Bưởi đỏ Tân Lạc" in lines and "HB-2025-0005" in lines
    assert page.locator("#confirmed-lines a").get_attribute("href") == (
        f"{live_server.url}/verify/HB-2025-0005/")
    page.screenshot(path=str(out / "checkout-confirmation.png"), full_page=True)
