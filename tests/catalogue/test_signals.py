"""catalogue.signals: certificate_changed and sellability_changed are sent once
per change, after commit, by every path that makes one — registry feed,
webhook, spreadsheet import, the expiry task, listing changes — and never by
a change that rolled back."""

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from catalogue import signals
from catalogue.listing import ProductListing, products_publish
from catalogue.models import Certificate, Product, SyncRun
from catalogue.registry.apply import apply_records
from catalogue.registry.effects import announce_changes
from catalogue.registry.feed import sync_feed
from catalogue.tasks import certificate_expiry_digest
from tests.catalogue.registry.conftest import (
    list_products,
    make_record,
    record_of,
    revoked,
    ts,
)
from tests.catalogue.registry.test_spreadsheets import decision_row, import_file, write_sheet
from tests.catalogue.registry.test_webhook import SECRET, event, post
from tests.factories import CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class Heard:
    """What a receiver connected for the test heard, in order."""

    def __init__(self):
        self.certificates: list[dict] = []
        self.sellability: list[tuple] = []

    def certificate(self, sender, **kwargs):
        kwargs.pop("signal")
        self.certificates.append(kwargs)

    def sellable(self, sender, changes, product_ids, **kwargs):
        assert product_ids == tuple(c.product_id for c in changes)
        self.sellability.append(changes)

    def reasons(self) -> list[tuple[str, str]]:
        return [(c["certificate_no"], c["reason"]) for c in self.certificates]

    def clear(self):
        self.certificates.clear()
        self.sellability.clear()


@pytest.fixture
def heard():
    listener = Heard()
    signals.certificate_changed.connect(listener.certificate)
    signals.sellability_changed.connect(listener.sellable)
    yield listener
    signals.certificate_changed.disconnect(listener.certificate)
    signals.sellability_changed.disconnect(listener.sellable)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block as if its transaction committed (the test's own never does)."""

    @contextmanager
    def commit():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return commit


def at(year, month, day, hour=0, minute=0, second=0):
    return time_machine.travel(
        dt.datetime(year, month, day, hour, minute, second, tzinfo=VN), tick=False
    )


def sellability(product, sellable, reason, certificate_no=None):
    return signals.SellabilityEvent(product.pk, sellable, reason, certificate_no)


def listed_product_with(record: dict) -> Product:
    run = SyncRun.objects.create(source="webhook")
    apply_records([record], run=run)
    list_products([record["product_code"]])
    return Product.objects.get(code=record["product_code"])


# --- registry feed ---------------------------------------------------------------------


def test_feed_revocation_is_heard_once_after_commit(registry, heard, committed, settings):
    record = make_record(updated_at=ts(1))
    product = listed_product_with(record)
    registry.records = [revoked(record, updated_at=ts(2), reason="Vi phạm ATTP")]
    registry.server_time = ts(3)

    with committed():
        sync_feed(full=True)
        assert heard.certificates == [] and heard.sellability == []  # not before commit

    [change] = heard.certificates
    assert change == {
        "certificate_no": record["certificate_no"],
        "product_id": product.pk,
        "reason": "revoked",
        "old_status": "active",
        "new_status": "revoked",
        "old_stars": 4,
        "new_stars": 4,
        "revocation_reason": "Vi phạm ATTP",
        "decision_no": record["decision_no"],
        "source": "feed",
    }
    assert heard.sellability == [
        (sellability(product, False, "revoked", record["certificate_no"]),)
    ]

    heard.clear()
    with committed():
        sync_feed(full=True)  # the same page again: nothing changed, nothing said
    assert heard.certificates == [] and heard.sellability == []


def test_feed_stars_and_a_new_product_are_certificate_changes_only(registry, heard, committed):
    record = make_record(updated_at=ts(1))
    listed_product_with(record)
    new = make_record(updated_at=ts(2))
    registry.records = [{**record, "stars": 5, "level": "national", "updated_at": ts(3)}, new]
    registry.server_time = ts(4)

    with committed():
        sync_feed(full=True)

    assert sorted(heard.reasons()) == sorted([
        (record["certificate_no"], "stars changed"), (new["certificate_no"], "certified")
    ])  # fmt: skip
    created = next(c for c in heard.certificates if c["reason"] == "certified")
    assert (created["old_status"], created["old_stars"], created["new_status"]) == (
        None, None, "active"
    )  # fmt: skip
    # Still sellable; the new product is created unlisted: no sellability change.
    assert heard.sellability == []


# --- webhook -------------------------------------------------------------------------------


def test_webhook_suspension_then_reactivation(client, heard, committed, settings):
    settings.OCOP_REGISTRY_WEBHOOK_SECRET = SECRET
    certificate = CertificateFactory(
        registry_updated_at=timezone.now() - dt.timedelta(days=1), product__stock=False
    )
    product, record = certificate.product, record_of(certificate)
    suspended = {**record, "status": "suspended", "updated_at": timezone.now().isoformat()}

    with committed():
        assert post(client, event(suspended)).status_code == 200
    assert heard.reasons() == [(certificate.certificate_no, "suspended")]
    assert heard.sellability == [
        (sellability(product, False, "suspended", certificate.certificate_no),)
    ]

    heard.clear()
    active = {**record, "updated_at": (timezone.now() + dt.timedelta(seconds=1)).isoformat()}
    with committed():
        assert post(client, event(active)).status_code == 200
    assert heard.reasons() == [(certificate.certificate_no, "re-activated")]
    assert heard.sellability == [
        (sellability(product, True, "re-activated", certificate.certificate_no),)
    ]


def test_a_rolled_back_sync_sends_nothing(heard, committed):
    record = make_record(updated_at=ts(1))
    product = listed_product_with(record)

    class Failed(Exception):
        pass

    with committed() as callbacks:
        with pytest.raises(Failed), transaction.atomic():
            result = apply_records(
                [revoked(record, updated_at=ts(2))], run=SyncRun.objects.create(source="webhook")
            )
            announce_changes(result)
            raise Failed
    assert callbacks == []
    assert heard.certificates == [] and heard.sellability == []
    assert Product.objects.sellable().filter(pk=product.pk).exists()


def test_revoking_one_of_two_certificates_leaves_sellability_alone(heard, committed):
    first = make_record(updated_at=ts(1))
    product = listed_product_with(first)
    second = make_record(
        product_code=first["product_code"], product_name=first["product_name"],
        producer=first["producer"], updated_at=ts(2),
    )  # fmt: skip
    run = SyncRun.objects.create(source="webhook")
    with committed():
        announce_changes(apply_records([second], run=run))
    assert heard.reasons() == [(second["certificate_no"], "certified")]
    assert heard.sellability == []

    heard.clear()
    with committed():
        announce_changes(apply_records([revoked(first, updated_at=ts(3))], run=run))
    assert heard.reasons() == [(first["certificate_no"], "revoked")]
    assert heard.sellability == []
    assert Product.objects.sellable().filter(pk=product.pk).exists()


def test_a_parents_certificate_moves_its_variants_too(heard, committed):
    certificate = CertificateFactory(product__structure=Product.PARENT, product__stock=False)
    parent = certificate.product
    child = ProductFactory(structure=Product.CHILD, parent=parent, product_class=None, stock=False)
    change = revoked(record_of(certificate), updated_at=timezone.now().isoformat())
    with committed():
        announce_changes(apply_records([change], run=SyncRun.objects.create(source="webhook")))
    number = certificate.certificate_no
    assert heard.sellability == [(
        sellability(parent, False, "revoked", number), sellability(child, False, "revoked", number)
    )]  # fmt: skip


# --- spreadsheet import ---------------------------------------------------------------------


def test_spreadsheet_revocation_is_heard_once(tmp_path, heard, committed):
    with at(2026, 11, 24, 9):
        with committed():
            import_file(write_sheet(tmp_path / "qd-1.csv", [decision_row(1)]))
        assert heard.reasons() == [("QN-2025-0001", "certified")]
        assert heard.sellability == []  # created unlisted
        product = Certificate.objects.get(certificate_no="QN-2025-0001").product
        list_products([product.code])

        heard.clear()
        rows = [decision_row(1, status="thu hồi")]
        with committed():
            import_file(write_sheet(tmp_path / "qd-2.csv", rows))
    [change] = heard.certificates
    assert (change["reason"], change["source"], change["new_status"]) == (
        "revoked", "file", "revoked"
    )  # fmt: skip
    assert change["decision_no"] == "736/QĐ-UBND" and change["revocation_reason"]
    assert heard.sellability == [(sellability(product, False, "revoked", "QN-2025-0001"),)]


# --- the expiry task, on both sides of local midnight -----------------------------------------


def test_expiry_is_heard_just_after_local_midnight(heard, committed):
    certificate = CertificateFactory(
        issued_on=dt.date(2023, 11, 25), expires_on=dt.date(2026, 11, 24), product__stock=False
    )
    product = certificate.product

    with at(2026, 11, 24, 23, 59, 59), committed():
        assert certificate_expiry_digest()["ran"] is True
    assert heard.certificates == [] and heard.sellability == []  # its last valid day

    with at(2026, 11, 25, 0, 5), committed():  # 00:05 in Vietnam, 17:05 UTC the day before
        assert certificate_expiry_digest()["expired_products"] == 1
    with at(2026, 11, 25, 6, 0), committed():
        assert certificate_expiry_digest()["ran"] is False  # once a day: nothing more
    [change] = heard.certificates
    assert (change["certificate_no"], change["reason"], change["source"]) == (
        certificate.certificate_no, "expired", "expiry"
    )  # fmt: skip
    assert (change["old_status"], change["new_status"]) == ("active", "expired")
    assert heard.sellability == [
        (sellability(product, False, "expired", certificate.certificate_no),)
    ]


def test_an_expiry_covered_by_another_certificate_is_a_certificate_change_only(
    heard, committed
):
    old = CertificateFactory(
        issued_on=dt.date(2023, 11, 25), expires_on=dt.date(2026, 11, 24), product__stock=False
    )
    CertificateFactory(
        product=old.product, issued_on=dt.date(2026, 11, 1), expires_on=dt.date(2029, 10, 31)
    )
    with at(2026, 11, 25, 0, 5), committed():
        certificate_expiry_digest()
    assert heard.reasons() == [(old.certificate_no, "expired")]
    assert heard.sellability == []


def test_a_rolled_back_expiry_run_sends_nothing(heard, committed, monkeypatch):
    CertificateFactory(
        issued_on=dt.date(2023, 11, 25), expires_on=dt.date(2026, 11, 24), product__stock=False
    )
    from catalogue.registry import effects

    def fail(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(effects, "_notify_staff_of_expiry", fail)
    with at(2026, 11, 25, 0, 5), committed() as callbacks, pytest.raises(RuntimeError):
        certificate_expiry_digest()
    assert callbacks == [] and heard.certificates == [] and heard.sellability == []


# --- listing ---------------------------------------------------------------------------------


def test_listing_and_unlisting_are_heard(heard, committed):
    certificate = CertificateFactory(product__is_public=False, product__stock=False)
    product = certificate.product

    with committed():
        products_publish(listings=[ProductListing(product=product, description="Giòn, thơm")])
    assert heard.certificates == []
    assert heard.sellability == [(sellability(product, True, "listed"),)]

    heard.clear()
    with committed():
        products_publish(listings=[ProductListing(product=product)])  # already listed
    assert heard.sellability == []

    # Oscar's dashboard and the admin save the product itself.
    with committed():
        product.refresh_from_db()
        product.is_public = False
        product.save()
    assert heard.sellability == [(sellability(product, False, "unlisted"),)]

    heard.clear()
    with committed():
        product.title = "Chả mực giã tay"
        product.save()  # not a listing change
    assert heard.sellability == []


def test_listing_an_uncertified_product_changes_no_sellability(heard, committed):
    product = ProductFactory(is_public=False, stock=False)
    with committed():
        product.is_public = True
        product.save(update_fields=["is_public"])
    assert heard.sellability == []


def test_a_rolled_back_listing_sends_nothing(heard, committed):
    product = CertificateFactory(product__is_public=False, product__stock=False).product
    with committed() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            products_publish(listings=[ProductListing(product=product)])
            raise RuntimeError
    assert callbacks == [] and heard.sellability == []
