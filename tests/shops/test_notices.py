"""Showroom notices: staff holding stock of a product taken off sale are told
why, once per change of its certificates (``shops.notices``, queued by
``shops.receivers`` on ``catalogue.signals.sellability_changed``)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from oscar.apps.communication.models import Notification

from catalogue.models import Certificate, Product, SyncRun
from shops.tasks import notify_showrooms_of_unsellable_task as sellability_changed
from tests.catalogue.registry.test_tasks import VN, notified, revoke, showroom_with_staff
from tests.factories import CertificateFactory, ProductFactory, StockRecordFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


# --- notify_showrooms_of_unsellable ------------------------------------------------------


def test_staff_of_showrooms_holding_a_revoked_product_are_told_and_no_one_else():
    revoked_cert = CertificateFactory(product__stock=False)
    still_valid = CertificateFactory(product__stock=False)
    product, other = revoked_cert.product, still_valid.product
    holding, holder = showroom_with_staff("halong")
    sold_out, sold_out_staff = showroom_with_staff("uongbi")
    elsewhere, elsewhere_staff = showroom_with_staff("campha")
    colleague = User.objects.create_user(username="nv-halong-2", email="")
    holding.users.add(colleague)
    StockRecordFactory(product=product, partner=holding, num_in_stock=5)
    StockRecordFactory(product=product, partner=sold_out, num_in_stock=0)
    StockRecordFactory(product=other, partner=elsewhere, num_in_stock=9)
    revoke(revoked_cert)

    sent = sellability_changed.delay([product.pk, other.pk]).get()

    assert sent == 2
    assert notified(holder) == [f"Ngừng bán: {product.title} ({product.code})"]
    assert len(notified(colleague)) == 1
    assert notified(sold_out_staff) == [] and notified(elsewhere_staff) == []
    body = Notification.objects.get(recipient=holder).body
    assert "thu hồi" in body and "Vi phạm Luật An toàn thực phẩm" in body
    assert "Điểm bán OCOP halong" in body
    # Email only to those with an address; Oscar keeps a copy.
    assert [m.to for m in mail.outbox] == [["halong@ocop.example.vn"]]
    assert product.code in mail.outbox[0].subject


def test_side_effects_are_idempotent_until_the_certificate_changes_again():
    certificate = CertificateFactory(product__stock=False)
    product = certificate.product
    showroom, staff = showroom_with_staff("halong")
    StockRecordFactory(product=product, partner=showroom)
    revoke(certificate)

    assert sellability_changed([product.pk]) == 1
    assert sellability_changed([product.pk]) == 0
    assert len(notified(staff)) == 1 and len(mail.outbox) == 1

    # Reinstated, then suspended: a new change, so a new notice.
    from catalogue.models import CertificateChange

    certificate.status = Certificate.Status.ACTIVE
    certificate.save()
    assert sellability_changed([product.pk]) == 0  # sellable again: nothing to say
    certificate.status = Certificate.Status.SUSPENDED
    certificate.save()
    run = SyncRun.objects.create(source="feed")
    with time_machine.travel(dt.datetime.now(VN) + dt.timedelta(seconds=5)):
        CertificateChange.objects.create(
            certificate=certificate,
            run=run,
            source="feed",
            changes={"status": ["active", "suspended"]},
            registry_updated_at=dt.datetime.now(VN),
        )
        assert sellability_changed([product.pk]) == 1
    assert len(notified(staff)) == 2


def test_a_product_only_unlisted_by_staff_raises_no_notice():
    certificate = CertificateFactory(product__stock=False, product__is_public=False)
    showroom, staff = showroom_with_staff("halong")
    StockRecordFactory(product=certificate.product, partner=showroom)
    assert sellability_changed([certificate.product.pk]) == 0
    assert notified(staff) == []


def test_stock_of_variants_counts_for_their_certified_parent():
    parent = ProductFactory(structure=Product.PARENT, stock=False)
    child = ProductFactory(structure=Product.CHILD, parent=parent, product_class=None, stock=False)
    certificate = CertificateFactory(product=parent)
    showroom, staff = showroom_with_staff("halong")
    StockRecordFactory(product=child, partner=showroom)
    revoke(certificate)
    assert sellability_changed([parent.pk]) == 1
    assert notified(staff) == [f"Ngừng bán: {parent.title} ({parent.code})"]


def test_side_effects_take_a_bounded_number_of_queries(django_assert_max_num_queries):
    showrooms = [showroom_with_staff(f"sr{i}", email=False) for i in range(3)]
    products = []
    for _ in range(12):
        certificate = CertificateFactory(product__stock=False)
        for showroom, _staff in showrooms:
            StockRecordFactory(product=certificate.product, partner=showroom)
        revoke(certificate)
        products.append(certificate.product.pk)
    with django_assert_max_num_queries(9):
        assert sellability_changed(products) == 36


