"""The staff list of revoked certificates: affected orders and whether each buyer was
told; showroom staff see orders holding their own lines only; paginated; a fixed
number of queries whatever the number of certificates and orders."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Certificate
from storefront.recalls.services import send_recall_notices
from tests.factories import CertificateFactory, PartnerFactory, StockRecordFactory
from tests.shops.dashboard_world import make_user

from .support import bought

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:order-recalls")


def revoked_with_orders(n_orders, *, record=None, decision="99/QĐ-UBND"):
    certificate = CertificateFactory(status=Certificate.Status.REVOKED, decision_no=decision,
                                     revoked_on=timezone.localdate(),
                                     revocation_reason="Vi phạm ATTP")
    record = record or certificate.product.stockrecords.first()
    orders = [bought(certificate.product, f"k{n}-{certificate.pk}@example.vn",
                     placed=timezone.now() - dt.timedelta(days=n + 1), record=record)
              for n in range(n_orders)]
    return certificate, orders


def test_head_office_sees_each_revoked_certificate_its_orders_and_who_was_told(client):
    certificate, orders = revoked_with_orders(2)
    CertificateFactory()  # valid: not listed
    send_recall_notices(certificate_no=certificate.certificate_no)
    late = bought(certificate.product, "moi@example.vn", placed=timezone.now() - dt.timedelta(
        hours=1))  # bought after the run: not told yet
    client.force_login(make_user("vp", is_staff=True))
    html = client.get(URL).content.decode()
    assert certificate.certificate_no in html and "99/QĐ-UBND" in html
    assert "Vi phạm ATTP" in html
    for order in orders:
        assert f"#{order.number}" in html
    assert html.count("đã gửi") == 2 and "chưa gửi" in html and f"#{late.number}" in html
    assert Certificate.objects.count() == 2 and html.count('class="card mb-3 recall"') == 1


def test_showroom_staff_see_orders_with_their_own_lines_only(client):
    own, other = PartnerFactory(slug="a"), PartnerFactory(slug="b")
    certificate, mine = revoked_with_orders(1, record=None)
    product = certificate.product
    own_record = StockRecordFactory(product=product, partner=own)
    other_record = StockRecordFactory(product=product, partner=other)
    mine = bought(product, "cua-a@example.vn", placed=timezone.now(), record=own_record)
    theirs = bought(product, "cua-b@example.vn", placed=timezone.now(), record=other_record)
    client.force_login(make_user("nv-a", showroom=own))
    html = client.get(URL).content.decode()
    assert certificate.certificate_no in html
    assert f"#{mine.number}" in html and "cua-a@example.vn" in html
    assert f"#{theirs.number}" not in html and "cua-b@example.vn" not in html


def test_paginated_and_forgiving_about_the_page_number(client):
    for n in range(12):
        revoked_with_orders(1, decision=f"{n}/QĐ")
    client.force_login(make_user("vp", is_staff=True))
    first = client.get(URL)
    assert first.content.decode().count('class="card mb-3 recall"') == 10
    second = client.get(URL, {"page": "2"}).content.decode()
    assert second.count('class="card mb-3 recall"') == 2
    for page in ("abc", "999", "-1", "1\x00"):
        assert client.get(URL, {"page": page}).status_code == 200


def test_a_fixed_number_of_queries(client, django_assert_num_queries):
    head_office = make_user("vp", is_staff=True)
    client.force_login(head_office)
    revoked_with_orders(1)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(9):
        revoked_with_orders(4)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200


def test_customers_and_visitors_are_refused(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(make_user("khach"))
    assert client.get(URL).status_code in (302, 403)
