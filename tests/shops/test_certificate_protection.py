"""Certificates can never be deleted: not directly, not by cascade, not by raw SQL,
by nobody; a product holding one cannot be deleted either (and the dashboard says so)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from catalogue.models import Certificate, CertificateChange, CertificateDeletionError, Product
from tests.factories import CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    cert = CertificateFactory(product=ProductFactory(title="Trà hoa vàng Ba Chẽ"))
    CertificateChange.objects.create(
        certificate=cert, source="seed", changes={"stars": [None, 4]},
        registry_updated_at=cert.registry_updated_at,
    )
    return cert


def test_model_and_queryset_delete_refused(certificate):
    with pytest.raises(CertificateDeletionError, match="không bao giờ bị xóa"):
        certificate.delete()
    # ProtectedError: the history refuses first, else the certificate's own receiver.
    with pytest.raises(ProtectedError):
        Certificate.objects.filter(pk=certificate.pk).delete()
    # Refused inside Django's delete transaction: callers keep theirs usable with atomic().
    with pytest.raises(CertificateDeletionError), transaction.atomic():
        certificate.history.all().delete()
    bare = CertificateFactory()
    with pytest.raises(CertificateDeletionError), transaction.atomic():
        Certificate.objects.filter(pk=bare.pk).delete()
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert certificate.history.count() == 1


def test_product_delete_does_not_cascade(certificate):
    with pytest.raises(ProtectedError):
        certificate.product.delete()
    with pytest.raises(ProtectedError):
        Product.objects.filter(pk=certificate.product_id).delete()
    assert Product.objects.filter(pk=certificate.product_id).exists()


@pytest.mark.parametrize("table", ["catalogue_certificate", "catalogue_certificatechange"])
def test_raw_sql_delete_refused_by_the_database(certificate, table):
    with pytest.raises(DatabaseError, match="never deleted"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
    assert Certificate.objects.count() == 1
    assert CertificateChange.objects.count() == 1


def test_raw_sql_product_delete_cannot_take_the_certificate(certificate):
    # The foreign key (no ON DELETE action) stops the product; the trigger the certificate.
    with pytest.raises(DatabaseError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalogue_certificate WHERE product_id = %s",
                           [certificate.product_id])
            cursor.execute("DELETE FROM catalogue_product WHERE id = %s",
                           [certificate.product_id])
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_head_office_dashboard_delete_says_why(client, certificate):
    admin = get_user_model().objects.create_superuser("hq", "hq@ocop.example.vn", "x")
    client.force_login(admin)
    url = reverse("dashboard:catalogue-product-delete", args=[certificate.product_id])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Không thể xóa sản phẩm này" in response.content.decode()
    assert Product.objects.filter(pk=certificate.product_id).exists()
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_admin_offers_no_delete(client, certificate):
    admin = get_user_model().objects.create_superuser("hq", "hq@ocop.example.vn", "x")
    client.force_login(admin)
    url = reverse("admin:catalogue_certificate_delete", args=[certificate.pk])
    assert client.post(url, {"post": "yes"}).status_code in (403, 302)
    changelist = client.post(
        reverse("admin:catalogue_certificate_changelist"),
        {"action": "delete_selected", "_selected_action": [certificate.pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_product_without_certificate_can_still_be_deleted():
    product = ProductFactory(stock=False)
    product.delete()
    assert not Product.objects.filter(pk=product.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_still_wipes_the_tables_between_tests(certificate):
    # A transactional test: Django flushes every table after it (TRUNCATE on
    # PostgreSQL, DELETE with the guard disarmed on SQLite). It must not fail.
    assert Certificate.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_flush_left_the_guard_armed():
    assert Certificate.objects.count() == 0
    cert = CertificateFactory()
    with pytest.raises(CertificateDeletionError):
        cert.delete()
    with pytest.raises(DatabaseError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalogue_certificate")
