"""A revocation arriving through the registry webhook holds every unfulfilled line of
the product at once; paid card lines are cancelled and refunded; the shopper is told."""

import datetime as dt
import json
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from catalogue.registry.webhook import sign
from storefront.checkout import statuses
from storefront.checkout.models import Refund
from storefront.fulfilment import services
from storefront.fulfilment.moves import FulfilmentError
from tests.catalogue.registry.conftest import record_of, revoked
from tests.checkout.payment_helpers import card_order_paid

from .support import place_order

SECRET = "whsec-ocop-test"
REASON = "Vi phạm an toàn thực phẩm"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.OCOP_REGISTRY_WEBHOOK_SECRET = SECRET


def revoke(certificate, *, status="revoked", captured):
    """POST the registry's signed event, then run what commits queue (the task)."""
    certificate.registry_updated_at = timezone.now() - dt.timedelta(days=1)
    certificate.save()
    record = revoked(record_of(certificate), updated_at=timezone.now().isoformat(),
                     reason=REASON)
    if status != "revoked":
        record.update(status=status, revoked_on=None, revocation_reason=None)
    kind = "certificate.revoked" if status == "revoked" else "certificate.updated"
    payload = {"event_id": str(uuid.uuid4()), "type": kind,
               "occurred_at": record["updated_at"], "certificate": record}
    raw = json.dumps(payload, ensure_ascii=False).encode()
    with captured(execute=True):
        response = Client(enforce_csrf_checks=True).post(
            "/registry/webhook/", data=raw, content_type="application/json",
            HTTP_X_OCOP_SIGNATURE=sign(raw, SECRET, None))
    assert response.status_code == 200, response.content


def test_revocation_holds_unfulfilled_lines_and_tells_the_shopper(
    record, other_record, showroom, product, django_capture_on_commit_callbacks
):
    cod = place_order([record, other_record], payment="cod", email="lan@example.vn")
    pickup = place_order([record], payment="showroom", pickup=showroom, email="minh@example.vn")
    shipped = place_order([record], payment="cod")
    services.ship(shipped)
    mail.outbox.clear()

    revoke(product.certificates.get(), captured=django_capture_on_commit_callbacks)

    for order in (cod, pickup):
        order.refresh_from_db()
        assert order.status == statuses.ON_HOLD
        line = order.lines.get(stockrecord=record)
        assert line.status == statuses.LINE_HELD
        hold = line.holds.get()
        assert hold.kind == "certificate" and REASON in hold.reason
    assert cod.lines.get(stockrecord=other_record).status == statuses.LINE_NEW
    assert shipped.lines.get().status == statuses.LINE_SHIPPED  # already handed over
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (4, 2)  # held, not released
    held = [m for m in mail.outbox if "sản phẩm tạm giữ" in m.subject]  # recalls mail too
    assert sorted(address for message in held for address in message.to) == [
        "lan@example.vn", "minh@example.vn"]
    assert "Bưởi đỏ Tân Lạc" in held[0].body and REASON in held[0].body
    # Staff cannot hand the held line over; the other showroom's line goes on.
    with pytest.raises(FulfilmentError):
        services.collect(pickup, [pickup.lines.get()])
    services.ship(cod, [cod.lines.get(stockrecord=other_record)])


def test_suspension_holds_too_and_a_second_run_changes_nothing(
    record, product, django_capture_on_commit_callbacks
):
    order = place_order([record], payment="cod")
    revoke(product.certificates.get(), status="suspended",
           captured=django_capture_on_commit_callbacks)
    assert order.lines.get().status == statuses.LINE_HELD
    from storefront.fulfilment.revocations import hold_unsellable_lines

    assert hold_unsellable_lines([product.pk]) == 0
    assert order.lines.get().holds.count() == 1


def test_unpaid_card_order_is_cancelled(record, product, django_capture_on_commit_callbacks):
    order = place_order([record], payment="card")
    revoke(product.certificates.get(), captured=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    record.refresh_from_db()
    assert record.num_allocated == 0


def test_paid_card_lines_are_refunded_automatically(
    client, record, product, stripe_server, django_capture_on_commit_callbacks
):
    order, intent = card_order_paid(client, product, stripe_server)
    mail.outbox.clear()
    stripe_server.requests.clear()

    revoke(product.certificates.get(), captured=django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert order.lines.get().status == statuses.LINE_CANCELLED
    assert order.status == statuses.CANCELLED
    refund = Refund.objects.get(order=order)
    assert refund.amount == order.total_incl_tax  # every line: the delivery charge too
    assert refund.state == Refund.State.REQUESTED and refund.intent_id == intent["id"]
    assert stripe_server.calls("POST", "/v1/refunds")
    record.refresh_from_db()
    assert record.num_allocated == 0
    (message,) = [m for m in mail.outbox if "đã hoàn tiền" in m.subject]
    assert message.to == [order.email] and "hoàn tự động" in message.body


def test_variants_of_the_revoked_product_are_held(groups, showroom,
                                                  django_capture_on_commit_callbacks):
    from catalogue.models import Product
    from tests.factories import CertificateFactory, ProductFactory, StockRecordFactory

    parent = ProductFactory(title="Mật ong bạc hà", structure=Product.PARENT, stock=False)
    certificate = CertificateFactory(product=parent)
    child = ProductFactory(title="Mật ong bạc hà 500 ml", structure=Product.CHILD,
                           parent=parent, product_class=None, stock=False)
    record = StockRecordFactory(product=child, partner=showroom, num_in_stock=4)
    order = place_order([record], payment="cod")

    revoke(certificate, captured=django_capture_on_commit_callbacks)

    line = order.lines.get()
    assert line.status == statuses.LINE_HELD and REASON in line.holds.get().reason
