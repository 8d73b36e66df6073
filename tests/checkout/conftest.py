import pytest
from django.urls import reverse

from tests.factories import CertificateFactory, PartnerFactory, ProductFactory


@pytest.fixture
def warehouse(db):
    return PartnerFactory(name="Kho OCOP trực tuyến", slug="kho-truc-tuyen", province_code="01",
                          is_showroom=False)


@pytest.fixture
def showroom(db):
    return PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh",
                          province_code="25")


@pytest.fixture
def product(groups, showroom):
    item = ProductFactory(title="Bưởi đỏ Tân Lạc", stock={"partner": showroom, "num_in_stock": 5})
    CertificateFactory(product=item, certificate_no="HB-2025-0005")
    return item


ADDRESS = {
    "first_name": "Nguyễn Thị Lan",
    "phone_number": "0912 345 678",
    "province": "25",
    "ward": "",
    "line1": "Số 12 đường Cù Chính Lan",
    "notes": "",
    "consent": "on",
}


def a_ward(province_code):
    from storefront.checkout.addresses import ward_choices

    return ward_choices(province_code)[0][0]


def guest_to_address(client, product, *, email="lan@example.vn"):
    """Basket with one product, guest e-mail given: the address step is next."""
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    response = client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    assert response.status_code == 302, response.content[:2000]
    return response


def post_address(client, **overrides):
    data = {**ADDRESS, "ward": a_ward(overrides.get("province", ADDRESS["province"])), **overrides}
    return client.post(reverse("checkout:shipping-address"), data)


def to_preview(client, product, *, method="home", payment="cod", quantity=1, province="25",
               email="lan@example.vn"):
    """A guest's checkout up to the order preview. ``method``: "home" or a Partner
    (click & collect there)."""
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": quantity})
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = post_address(client, province=province)
    assert response.status_code == 302, response.content.decode()[:3000]
    code = "giao-hang-tan-noi" if method == "home" else f"pickup-{method.pk}"
    response = client.post(reverse("checkout:shipping-method"), {"method_code": code})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(reverse("checkout:payment-method"), {"method": payment})
    assert response.status_code == 302 and response["Location"] == reverse("checkout:preview"), (
        response.content.decode()[:3000])
    return response


def place(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


@pytest.fixture(scope="session")
def stripe_emulator():
    from .stripe_server import start

    server, stop = start()
    yield server
    stop()


WEBHOOK_SECRET = "whsec_test_ocop"


@pytest.fixture
def stripe_server(stripe_emulator, settings):
    """Our Stripe calls go to the emulator; the recorded requests start empty."""
    settings.STRIPE_API_BASE = stripe_emulator.url
    settings.STRIPE_SECRET_KEY = "sk_test_ocop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_ocop"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.STRIPE_TIMEOUT = 2
    stripe_emulator.requests.clear()
    stripe_emulator.faults.clear()
    yield stripe_emulator
    stripe_emulator.faults.clear()
