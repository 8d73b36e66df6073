"""Two staff members of the host redeem one code at the same moment (PostgreSQL row
locks, real threads; skipped on SQLite, CI runs it): exactly one succeeds and one
place is used."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from catalogue.validity import OCOP_TZ
from storefront.tourism.models import Voucher
from tests.checkout.test_races import _migrated_rows, at_once  # noqa: F401
from tests.shops.dashboard_world import make_user

from .conftest import day, place_experience_order

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (CI runs it)"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("staff_count", [2, 8])
def test_one_code_redeemed_once_under_concurrency(experience, host, staff_count):
    (voucher,) = place_experience_order(Client(), experience, visit=day(1))
    clients = []
    for n in range(staff_count):
        client = Client()
        client.force_login(make_user(f"nhanvien{n}", showroom=host))
        clients.append(client)
    url = reverse("dashboard:showroom-vouchers")
    moment = dt.datetime.combine(voucher.visit_date, dt.time(9), tzinfo=OCOP_TZ)
    with time_machine.travel(moment, tick=True):
        responses = at_once([
            (lambda c=c: c.post(url, {"code": voucher.code}, follow=True)) for c in clients])
    pages = [r.content.decode() for r in responses]
    assert all(r.status_code == 200 for r in responses), responses
    assert sum("Đã xác nhận phiếu" in p for p in pages) == 1
    assert sum("Không thể xác nhận phiếu" in p for p in pages) == staff_count - 1
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    record = voucher.line.stockrecord
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (9, 0)
