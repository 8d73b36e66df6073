"""CSV exports of a showroom's stock and movements: formula cells neutralised, only the
showrooms asked for, local times, streamed with a bounded number of queries."""

import csv
import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from shops import exports, ledger
from tests.factories import PartnerFactory, ProductFactory, StockRecordFactory

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def read(response) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def showrooms():
    return PartnerFactory(name="Điểm bán Hạ Long"), PartnerFactory(name="Điểm bán Vân Đồn")


def test_stock_export_neutralises_formula_cells_and_keeps_numbers(showrooms):
    mine, other = showrooms
    for n, title in enumerate(HOSTILE):
        product = ProductFactory(stock=False, title=title, code=f"QN-{n}")
        StockRecordFactory(product=product, partner=mine, num_in_stock=3, partner_sku=f"=S{n}",
                           low_stock_threshold=2)
    StockRecordFactory(partner=other, num_in_stock=1)
    header, *rows = read(exports.stock_csv([mine]))
    assert header == exports.STOCK_HEADER
    assert len(rows) == len(HOSTILE)
    assert sorted(row[2] for row in rows) == sorted(f"'{title}" for title in HOSTILE)
    assert all(row[3].startswith("'=S") for row in rows)
    assert {tuple(row[4:]) for row in rows} == {("125000", "3", "0", "3", "2")}
    assert {row[0] for row in rows} == {"Điểm bán Hạ Long"}


def test_movement_export_lists_local_times_reasons_and_safe_notes(showrooms):
    mine, other = showrooms
    staff = get_user_model().objects.create_user("=cmd|'/c calc'!A0", "lan@ocop.example.vn")
    with time_machine.travel(dt.datetime(2026, 11, 24, 23, 30, tzinfo=VN), tick=False):
        record = StockRecordFactory(partner=mine, num_in_stock=4)
        ledger.write_off(record.pk, 1, reason="damaged", user=staff, note="-vỡ 1 chai")
    StockRecordFactory(partner=other, num_in_stock=9)
    header, *rows = read(exports.movements_csv([mine]))
    assert header == exports.MOVEMENT_HEADER
    assert [row[0] for row in rows] == ["24/11/2026 23:30:00"] * 2  # local, not UTC
    newest = rows[0]
    assert newest[4:] == ["Hủy hàng hư hỏng", "-1", "0", "'=cmd|'/c calc'!A0", "", "'-vỡ 1 chai"]
    assert rows[1][4:7] == ["Nhập hàng", "4", "0"]


def test_exports_stream_with_bounded_queries(showrooms, django_assert_max_num_queries):
    mine, _ = showrooms
    for _ in range(12):
        ledger.receive(StockRecordFactory(partner=mine, num_in_stock=1).pk, 2, user=None)
    with django_assert_max_num_queries(1):
        assert len(read(exports.stock_csv([mine]))) == 1 + 12
    with django_assert_max_num_queries(1):
        assert len(read(exports.movements_csv([mine]))) == 1 + 24


def test_the_admin_shows_the_ledger_read_only(admin_client):
    record = StockRecordFactory(num_in_stock=2)
    movement = record.movements.get()
    assert admin_client.get("/admin/partner/stockmovement/").status_code == 200
    page = f"/admin/partner/stockmovement/{movement.pk}/"
    assert admin_client.get(f"{page}change/").status_code == 200
    assert admin_client.get("/admin/partner/stockmovement/add/").status_code == 403
    response = admin_client.post(f"{page}delete/", {"post": "yes"})
    assert response.status_code == 403
    ledger.reserve(record.pk, 1, key="cart")
    assert admin_client.get("/admin/partner/reservation/").status_code == 200
