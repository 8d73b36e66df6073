"""Catalogue tasks: the daily expiry digest with frozen time in Vietnam, the
showroom notices it leads to (through ``sellability_changed``), and the rule
holding with no worker. The notices themselves: tests/shops/test_notices.py."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from oscar.apps.communication.models import Notification

from catalogue.models import Certificate, ExpiryDigest, Product, SyncRun
from catalogue.registry.apply import apply_records
from catalogue.tasks import certificate_expiry_digest
from shops.strategy import Selector
from storefront.celery import app as celery_app
from tests.factories import CertificateFactory, PartnerFactory, StockRecordFactory

from .conftest import celery_transport, make_record, revoked

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
User = get_user_model()


def at(year, month, day, hour=0, minute=0, second=0):
    return time_machine.travel(
        dt.datetime(year, month, day, hour, minute, second, tzinfo=VN), tick=False
    )


def showroom_with_staff(name: str, *, email: bool = True):
    showroom = PartnerFactory(name=f"Điểm bán OCOP {name}")
    user = User.objects.create_user(
        username=f"nv-{name}", email=f"{name}@ocop.example.vn" if email else ""
    )
    showroom.users.add(user)
    return showroom, user


def revoke(certificate: Certificate) -> None:
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_on = dt.date(2026, 11, 24)
    certificate.revocation_reason = "Vi phạm Luật An toàn thực phẩm"
    certificate.save()


def notified(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


# --- certificate_expiry_digest -------------------------------------------------------------


@pytest.fixture
def staff():
    manager = User.objects.create_user(
        username="quanly", email="quanly@ocop.example.vn", is_staff=True
    )
    User.objects.create_user(username="khach", email="khach@example.vn")  # not staff
    return manager


def expiring_on(day: dt.date, **kwargs) -> Certificate:
    return CertificateFactory(
        issued_on=day - dt.timedelta(days=3 * 365), expires_on=day, **kwargs
    )


def digest_listing(user) -> str:
    return Notification.objects.filter(recipient=user).latest("pk").body


def test_digest_lists_certificates_on_both_sides_of_the_30_day_boundary(staff):
    in_30 = expiring_on(dt.date(2026, 12, 24))
    in_31 = expiring_on(dt.date(2026, 12, 25))
    with at(2026, 11, 24, 23, 59):
        result = certificate_expiry_digest.delay().get()
    assert result["expiring"] == 1
    body = digest_listing(staff)
    assert in_30.certificate_no in body and "còn 30 ngày" in body
    assert in_31.certificate_no not in body
    assert [m.to for m in mail.outbox] == [["quanly@ocop.example.vn"]]
    assert not Notification.objects.filter(recipient__username="khach").exists()

    # One local minute later it is the 25th in Vietnam: now 30 days away.
    with at(2026, 11, 25, 0, 0):
        certificate_expiry_digest()
    body = digest_listing(staff)
    assert in_31.certificate_no in body and "còn 30 ngày" in body


def test_digest_runs_once_a_local_day(staff):
    expiring_on(dt.date(2026, 12, 1))
    # 16:59 UTC on the 24th is 23:59 in Vietnam; 17:00 UTC is already the 25th.
    with time_machine.travel(dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC), tick=False):
        assert certificate_expiry_digest()["ran"] is True
    with time_machine.travel(dt.datetime(2026, 11, 24, 16, 59, tzinfo=dt.UTC), tick=False):
        assert certificate_expiry_digest()["ran"] is False
    with time_machine.travel(dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.UTC), tick=False):
        assert certificate_expiry_digest()["ran"] is True
    assert list(ExpiryDigest.objects.order_by("run_on").values_list("run_on", flat=True)) == [
        dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    ]
    assert Notification.objects.filter(recipient=staff).count() == 2


def test_a_certificate_taken_over_by_a_newer_one_is_not_listed(staff):
    old = expiring_on(dt.date(2026, 12, 5))
    CertificateFactory(
        product=old.product, issued_on=dt.date(2026, 11, 1), expires_on=dt.date(2029, 11, 1)
    )
    alone = expiring_on(dt.date(2026, 12, 5))
    with at(2026, 11, 24, 6):
        result = certificate_expiry_digest()
    assert result["expiring"] == 1
    body = digest_listing(staff)
    assert alone.certificate_no in body and old.certificate_no not in body


def test_expiry_midnight_then_side_effects_for_the_expired_product(
    staff, django_capture_on_commit_callbacks
):
    certificate = expiring_on(dt.date(2026, 11, 24), product__stock=False)
    product = certificate.product
    showroom, showroom_staff = showroom_with_staff("halong")
    StockRecordFactory(product=product, partner=showroom)

    with at(2026, 11, 24, 23, 59, 59):
        with django_capture_on_commit_callbacks(execute=True):
            result = certificate_expiry_digest()
        assert Product.objects.sellable().filter(pk=product.pk).exists()
    assert result == {"ran": True, "expiring": 1, "expired_products": 0, "notices": 1}
    assert "hết hôm nay" in digest_listing(staff)
    assert notified(showroom_staff) == []

    with at(2026, 11, 25, 0, 0, 0):
        assert not Product.objects.sellable().filter(pk=product.pk).exists()
        with django_capture_on_commit_callbacks(execute=True):
            result = certificate_expiry_digest()
    assert result["expired_products"] == 1 and result["expiring"] == 0
    assert "Đã hết hạn từ lần tổng hợp trước" in digest_listing(staff)
    assert notified(showroom_staff) == [f"Ngừng bán: {product.title} ({product.code})"]
    assert "đã hết hạn ngày 24/11/2026" in Notification.objects.get(recipient=showroom_staff).body


def test_expiries_while_the_worker_was_down_are_caught_up(
    staff, django_capture_on_commit_callbacks
):
    handled_before = expiring_on(dt.date(2026, 11, 19))
    missed = [expiring_on(dt.date(2026, 11, 20)), expiring_on(dt.date(2026, 11, 23))]
    not_yet = expiring_on(dt.date(2026, 11, 25))
    revoked_meanwhile = expiring_on(dt.date(2026, 11, 21))
    revoke(revoked_meanwhile)  # its side effects ran when the revocation arrived
    ExpiryDigest.objects.create(run_on=dt.date(2026, 11, 20))

    with at(2026, 11, 25, 6):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = certificate_expiry_digest()
    assert result["expired_products"] == 2
    assert len(callbacks) == 1
    body = digest_listing(staff)
    for certificate in missed:
        assert certificate.certificate_no in body
    assert handled_before.certificate_no not in body
    assert revoked_meanwhile.certificate_no not in body
    assert not_yet.certificate_no in body  # still valid today: listed as expiring


# --- no worker ---------------------------------------------------------------------


def test_with_no_worker_a_revoked_or_expired_product_is_still_not_sellable(
    django_capture_on_commit_callbacks,
):
    expiring = expiring_on(dt.date(2026, 11, 24))
    record = make_record()
    with celery_transport(celery_app, broker_url="memory://localhost/"):
        assert not celery_app.conf.task_always_eager
        run = SyncRun.objects.create(source="feed")
        apply_records([record], run=run)
        product = Product.objects.get(code=record["product_code"])
        product.is_public = True
        product.save()
        assert Product.objects.sellable().filter(pk=product.pk).exists()

        with django_capture_on_commit_callbacks(execute=True) as queued:
            change = revoked(record, updated_at="2026-11-24T10:00:00+07:00")
            result = apply_records([change], run=run)
            from catalogue.registry.effects import announce_changes

            announce_changes(result)
        assert len(queued) == 1
        with celery_app.connection_for_write() as connection:
            # Published, and no worker took them: each app that reacts queued its task.
            waiting = connection.SimpleQueue("celery")
            published = {}
            while True:
                try:
                    message = waiting.get(timeout=1)
                except waiting.Empty:
                    break
                published[message.headers["task"]] = message.headers["argsrepr"]
            waiting.close()
        assert published["shops.tasks.notify_showrooms_of_unsellable"] == f"([{product.pk}],)"

        assert not Product.objects.sellable().filter(pk=product.pk).exists()
        assert not Product.objects.browsable().filter(pk=product.pk).exists()
        info = Selector().strategy().fetch_for_product(
            Product.objects.get(pk=product.pk), StockRecordFactory(product=product)
        )
        assert not info.availability.is_available_to_buy
        assert not Notification.objects.exists()

        with at(2026, 11, 25, 0, 0):
            # No digest ran, no task ran: the date alone takes it off sale.
            assert not Product.objects.sellable().filter(pk=expiring.product.pk).exists()
        with at(2026, 11, 24, 23, 59):
            assert Product.objects.sellable().filter(pk=expiring.product.pk).exists()
    assert not ExpiryDigest.objects.exists()
