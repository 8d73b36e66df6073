import datetime as dt

import pytest
from django.urls import reverse

from catalogue.product_classes import product_class_for_group
from catalogue.validity import local_today
from tests.checkout.conftest import stripe_emulator, stripe_server  # noqa: F401
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory


@pytest.fixture
def host(db):
    return PartnerFactory(name="Du lịch cộng đồng bản Lác", slug="ban-lac-mai-chau",
                          province_code="25", address="Bản Lác, Mai Châu", phone="0218 3867 000")


@pytest.fixture
def experience(groups, host):
    item = ProductFactory(title="Trải nghiệm bản Lác Mai Châu", group="tourism_service",
                          product_class=product_class_for_group("tourism_service"),
                          stock={"partner": host, "num_in_stock": 10, "price": 450000})
    CertificateFactory(product=item, certificate_no="HB-2025-0101")
    return item


@pytest.fixture
def goods(groups, host):
    item = ProductFactory(title="Bưởi đỏ Tân Lạc", stock={"partner": host, "num_in_stock": 5})
    CertificateFactory(product=item, certificate_no="HB-2025-0005")
    return item


def day(offset: int) -> str:
    return (local_today() + dt.timedelta(days=offset)).isoformat()


def add_experience(client, product, *, visit=None, quantity=1):
    return client.post(reverse("basket:add", args=[product.pk]),
                       {"quantity": quantity, "ngay-tham-quan": visit or day(3)})


def start_guest(client, email="lan@example.vn"):
    response = client.post(reverse("checkout:index"), {"username": email,
                                                      "options": "anonymous"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


VISITOR = {"visitor_name": "Nguyễn Thị Lan", "visitor_phone": "0912 345 678", "consent": "on"}


def experiences_to_preview(client, product, *, payment="host", visit=None, quantity=1):
    """A guest's basket of one experience, up to the order preview (no address step)."""
    add_experience(client, product, visit=visit, quantity=quantity)
    start_guest(client)
    response = client.get(reverse("checkout:shipping-address"))
    assert response.status_code == 302
    response = client.get(response["Location"])  # the delivery step notes "none needed"
    assert response["Location"] == reverse("checkout:payment-method")
    response = client.post(reverse("checkout:payment-method"), {"method": payment, **VISITOR})
    assert response.status_code == 302 and response["Location"] == reverse("checkout:preview"), (
        response.content.decode()[:3000])
    return response


def place(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def place_experience_order(client, product, *, payment="host", visit=None, quantity=1):
    """A guest's placed order of ``quantity`` places; returns its vouchers."""
    from storefront.tourism.models import Voucher

    experiences_to_preview(client, product, payment=payment, visit=visit, quantity=quantity)
    response = place(client)
    assert response.status_code == 302, response.content.decode()[:3000]
    return list(Voucher.objects.order_by("-pk")[:quantity])


@pytest.fixture
def host_staff(host):
    from tests.shops.dashboard_world import make_user

    return make_user("nhanvien.banlac", showroom=host)


@pytest.fixture
def other_staff(db):
    from tests.shops.dashboard_world import make_user

    other = PartnerFactory(name="Điểm bán OCOP Hạ Long", slug="ocop-ha-long-khac")
    return make_user("nhanvien.halong", showroom=other)
