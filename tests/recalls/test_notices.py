"""Recall notices: a revocation e-mails every buyer of the product (and its variants)
in the twelve months up to it, once per address and certificate, in Vietnamese with
the English below; repeated signals and runs send nothing more; an expiry sends none."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from catalogue import signals
from catalogue.models import Certificate, Product, SyncRun
from catalogue.registry.apply import apply_records
from catalogue.registry.effects import announce_changes
from catalogue.tasks import certificate_expiry_digest
from storefront.checkout import statuses
from storefront.recalls.models import RecallNotice
from storefront.recalls.services import send_recall_notices
from tests.catalogue.registry.conftest import make_record, revoked
from tests.catalogue.test_signals import committed, listed_product_with  # noqa: F401
from tests.factories import CertificateFactory, ProductFactory, StockRecordFactory

from .support import bought

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def recall_mails():
    return [m for m in mail.outbox if "thu hồi chứng nhận OCOP" in m.subject]


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def later_than(record, minutes=1) -> str:
    """A registry timestamp after the record's own (record numbers, and so their
    timestamps, grow through the whole test session)."""
    return (dt.datetime.fromisoformat(record["updated_at"])
            + dt.timedelta(minutes=minutes)).isoformat()


def revoke_through_registry(record, committed):  # noqa: F811
    run = SyncRun.objects.create(source="webhook")
    with committed():
        announce_changes(apply_records([revoked(record, updated_at=later_than(record),
                                                reason="Vi phạm Luật An toàn thực phẩm")],
                                       run=run))


def test_a_revocation_emails_each_recent_buyer_once(committed):  # noqa: F811
    record = make_record(decision_no="736/QĐ-UBND")
    product = listed_product_with(record)
    StockRecordFactory(product=product)
    customer = get_user_model().objects.create_user("hoa", "Hoa@Example.vn", "x")
    lans = [bought(product, "lan@example.vn", placed=days_ago(10)),
            bought(product, "LAN@example.vn", placed=days_ago(100), status=statuses.COMPLETED,
                   method="cod")]  # the same buyer: one e-mail naming both orders
    bought(product, "", placed=days_ago(30), user=customer)
    bought(product, "tra@example.vn", placed=days_ago(200), status=statuses.REFUNDED)
    bought(product, "cu@example.vn", placed=days_ago(400))  # more than twelve months
    bought(product, "chua@example.vn", placed=days_ago(1), status=statuses.PENDING_PAYMENT,
           paid=False)
    bought(product, "huy@example.vn", placed=days_ago(5), status=statuses.CANCELLED,
           paid=False)
    bought(product, "huycod@example.vn", placed=days_ago(5), status=statuses.CANCELLED,
           method="cod", paid=False)
    bought(product, "daHoan@example.vn", placed=days_ago(5), status=statuses.CANCELLED)

    revoke_through_registry(record, committed)

    sent = recall_mails()
    assert sorted(m.to[0] for m in sent) == [
        "dahoan@example.vn", "hoa@example.vn", "lan@example.vn", "tra@example.vn"]
    lan = next(m for m in sent if m.to == ["lan@example.vn"])
    certificate = Certificate.objects.get()
    assert certificate.certificate_no in lan.subject and product.title in lan.subject
    assert "OCOP certificate" in lan.subject  # English after the Vietnamese
    vietnamese, english = lan.body.split("-----")
    assert "Quyết định thu hồi: 736/QĐ-UBND" in vietnamese
    assert "Lý do: Vi phạm Luật An toàn thực phẩm" in vietnamese
    assert "Revocation decision: 736/QĐ-UBND" in english
    assert "Reason: Vi phạm Luật An toàn thực phẩm" in english
    assert all(order.number in vietnamese and order.number in english for order in lans)

    # The revocation announced again, the task run again: nothing more.
    mail.outbox.clear()
    signals.certificate_changed.send(
        sender=Certificate, certificate_no=certificate.certificate_no, product_id=product.pk,
        reason=signals.REVOKED, old_status="active", new_status="revoked", old_stars=4,
        new_stars=4, revocation_reason="x", decision_no="736/QĐ-UBND", source="webhook")
    assert send_recall_notices(certificate_no=certificate.certificate_no) == 0
    assert recall_mails() == []
    assert RecallNotice.objects.filter(sent_at__isnull=False).count() == 4


def test_still_sellable_through_another_certificate_still_notifies(committed):  # noqa: F811
    first = make_record()
    product = listed_product_with(first)
    second = {**make_record(), "product_code": first["product_code"],
              "product_name": first["product_name"], "producer": first["producer"]}
    apply_records([second], run=SyncRun.objects.create(source="webhook"))
    StockRecordFactory(product=product)
    bought(product, "lan@example.vn", placed=days_ago(3))
    revoke_through_registry(first, committed)
    assert Product.objects.sellable().filter(pk=product.pk).exists()
    assert [m.to for m in recall_mails()] == [["lan@example.vn"]]


def test_buyers_of_a_variant_are_told():
    parent = ProductFactory(structure=Product.PARENT, stock=False)
    child = ProductFactory(structure=Product.CHILD, parent=parent, product_class=None,
                           stock=True, group=None)
    certificate = CertificateFactory(product=parent, status=Certificate.Status.REVOKED,
                                     revoked_on=timezone.localdate(), decision_no="12/QĐ")
    bought(child, "bien@example.vn", placed=days_ago(2))
    assert send_recall_notices(certificate_no=certificate.certificate_no) == 1
    assert [m.to for m in recall_mails()] == [["bien@example.vn"]]


def test_an_expiry_sends_none():
    certificate = CertificateFactory(issued_on=dt.date(2023, 11, 25),
                                     expires_on=dt.date(2026, 11, 24))
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=VN), tick=False):
        bought(certificate.product, "lan@example.vn", placed=timezone.now())
    with time_machine.travel(dt.datetime(2026, 11, 25, 0, 5, tzinfo=VN), tick=False):
        assert certificate_expiry_digest()["expired_products"] == 1
        assert send_recall_notices(certificate_no=certificate.certificate_no) == 0
    assert recall_mails() == [] and not RecallNotice.objects.exists()


@pytest.mark.parametrize(("placed", "told"), [
    (dt.datetime(2025, 11, 24, 0, 0, 0, tzinfo=VN), True),  # twelve months to the day
    (dt.datetime(2025, 11, 23, 23, 59, 59, tzinfo=VN), False),
    (dt.datetime(2026, 11, 24, 23, 59, 59, tzinfo=VN), True),  # the day of revocation
])
def test_twelve_months_up_to_the_revocation_local_dates(placed, told):
    certificate = CertificateFactory(status=Certificate.Status.REVOKED,
                                     revoked_on=dt.date(2026, 11, 24))
    bought(certificate.product, "lan@example.vn", placed=placed)
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, tzinfo=VN), tick=False):
        assert send_recall_notices(certificate_no=certificate.certificate_no) == int(told)


def test_many_buyers_in_batches_each_once():
    certificate = CertificateFactory(status=Certificate.Status.REVOKED,
                                     revoked_on=timezone.localdate())
    for n in range(7):
        bought(certificate.product, f"khach{n}@example.vn", placed=days_ago(n + 1))
    assert send_recall_notices(certificate_no=certificate.certificate_no, batch_size=3) == 7
    assert sorted(m.to[0] for m in recall_mails()) == [f"khach{n}@example.vn"
                                                         for n in range(7)]
    assert send_recall_notices(certificate_no=certificate.certificate_no, batch_size=3) == 0


def test_a_failed_send_is_retried_next_run(monkeypatch):
    certificate = CertificateFactory(status=Certificate.Status.REVOKED,
                                     revoked_on=timezone.localdate())
    for n in range(2):
        bought(certificate.product, f"khach{n}@example.vn", placed=days_ago(1))
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(self.to)
        if len(calls) == 2:
            raise OSError("SMTP down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with pytest.raises(OSError):
        send_recall_notices(certificate_no=certificate.certificate_no)
    assert len(recall_mails()) == 1
    assert send_recall_notices(certificate_no=certificate.certificate_no) == 1
    assert sorted(m.to[0] for m in recall_mails()) == ["khach0@example.vn", "khach1@example.vn"]


def test_a_certificate_reinstated_before_the_task_runs_sends_nothing():
    certificate = CertificateFactory()
    bought(certificate.product, "lan@example.vn", placed=days_ago(1))
    assert send_recall_notices(certificate_no=certificate.certificate_no) == 0
    assert send_recall_notices(certificate_no="KHONG-CO") == 0
