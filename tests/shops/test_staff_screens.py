"""The showroom staff screens with valid, invalid and hostile input.

Every refused input answers with a Vietnamese reason and changes nothing (stock,
price, threshold, movements); nothing answers 500. Also: the withdraw-from-shelf
list on both sides of local midnight, the counter refusing an uncertified
product, bounded queries of the lists, and exact own totals of a mixed order.
"""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shops import ledger
from shops.models import StockMovement, StockRecord
from shops.services import dashboard_access_permission
from tests.factories import CertificateFactory, ProductFactory, StockRecordFactory
from tests.shops.dashboard_world import (
    OTHER_PRICE,
    OTHER_SKU,
    OWN_PRICE,
    StockAlert,
    _order,
    build_world,
    make_user,
)

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The world creates users with passwords: the default hasher costs seconds here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.staff)
    return client


def snapshot(*records):
    """What a refused request must leave as it was."""
    rows = StockRecord.objects.filter(pk__in=[r.pk for r in records]).order_by("pk")
    return (
        [(r.num_in_stock, r.num_allocated, r.price, r.low_stock_threshold) for r in rows],
        StockMovement.objects.count(),
    )


def text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8")


def action_url(record, action):
    return reverse("dashboard:showroom-stock-action", args=[record.pk, action])


# --- price and low-stock threshold ---------------------------------------------------


def test_staff_change_price_and_threshold_of_their_own_record(staff_client, world):
    url = reverse("dashboard:showroom-stockrecord", args=[world.own_record.pk])
    response = staff_client.post(url, {"price": "135000", "low_stock_threshold": "4"})
    assert response.status_code == 302
    world.own_record.refresh_from_db()
    assert (world.own_record.price, world.own_record.low_stock_threshold) == (Decimal(135000), 4)
    assert "Đã lưu giá bán" in text(staff_client.get(response["Location"]))


@pytest.mark.parametrize(
    ("price", "threshold", "message"),
    [
        ("", "3", "Nhập giá bán."),
        ("abc", "3", "Giá bán phải là số đồng, không có phần lẻ."),
        ("0", "3", "Giá bán phải lớn hơn 0."),
        ("-5000", "3", "Giá bán phải lớn hơn 0."),
        ("12500.5", "3", "Đồng Việt Nam không có phần lẻ."),
        ("1e30", "3", "Giá bán tối đa là 1 tỷ đồng."),
        ("9" * 400, "3", "Giá bán tối đa là 1 tỷ đồng."),
        ("NaN", "3", "Giá bán phải là số đồng, không có phần lẻ."),
        ("<script>alert(1)</script>", "3", "Giá bán phải là số đồng, không có phần lẻ."),
        ("125000", "-1", "Ngưỡng không được âm."),
        ("125000", "năm", "Ngưỡng phải là số nguyên."),
        ("125000", "99999999999999999999", "Ngưỡng tối đa là 1000000."),
    ],
)
def test_bad_price_or_threshold_is_refused_with_a_reason(
    staff_client, world, price, threshold, message
):
    before = snapshot(world.own_record)
    url = reverse("dashboard:showroom-stockrecord", args=[world.own_record.pk])
    response = staff_client.post(url, {"price": price, "low_stock_threshold": threshold})
    assert response.status_code == 200
    assert message in text(response)
    assert "<script>alert(1)</script>" not in text(response)
    assert snapshot(world.own_record) == before


def test_another_showrooms_record_is_not_found_and_unchanged(staff_client, world):
    before = snapshot(world.other_record)
    for url in (
        reverse("dashboard:showroom-stockrecord", args=[world.other_record.pk]),
        action_url(world.other_record, "receive"),
        action_url(world.other_record, "write-off"),
        action_url(world.other_record, "count"),
        action_url(world.other_record, "transfer"),
    ):
        data = {"price": "1", "quantity": "1", "counted": "0", "reason": "damaged",
                "target": str(world.own_record.pk)}
        assert staff_client.get(url).status_code == 404
        assert staff_client.post(url, data).status_code == 404
    assert snapshot(world.other_record) == before


@pytest.mark.parametrize("pk", ["999999", "0"])
def test_unknown_record_or_action_is_not_found(staff_client, world, pk):
    assert staff_client.get(f"/dashboard/showroom/stock/{pk}/").status_code == 404
    assert staff_client.post(f"/dashboard/showroom/stock/{pk}/receive/",
                             {"quantity": "1"}).status_code == 404
    url = action_url(world.own_record, "delete")
    assert staff_client.post(url, {"quantity": "1"}).status_code == 404


def test_a_post_without_csrf_token_is_refused_by_django(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    before = snapshot(world.own_record)
    response = client.post(action_url(world.own_record, "receive"), {"quantity": "5"})
    assert response.status_code == 403
    assert snapshot(world.own_record) == before


# --- receive, write off, count, transfer -------------------------------------------------


def test_receive_write_off_count_and_transfer_go_through_the_ledger(staff_client, world):
    record, shared = world.own_record, StockRecord.objects.get(
        product=world.own_product, partner=world.other)
    ok = {"receive": {"quantity": "5", "note": "Lô tháng 11"},
          "write-off": {"quantity": "2", "reason": "damaged"},
          "count": {"counted": "11"},
          "transfer": {"target": str(shared.pk), "quantity": "3"}}
    for action, data in ok.items():
        response = staff_client.post(action_url(record, action), data)
        assert response.status_code == 302, (action, text(response))
    record.refresh_from_db()
    shared.refresh_from_db()
    assert (record.num_in_stock, shared.num_in_stock) == (8, 4 + 3)
    reasons = list(StockMovement.objects.filter(stockrecord=record).order_by("pk")
                   .values_list("reason", "quantity"))[-4:]
    assert reasons == [("received", 5), ("damaged", -2), ("count_correction", -2),
                       ("transfer_out", -3)]


QUANTITY_CASES = [
    ("", "Nhập số lượng."),
    ("0", "Số lượng phải lớn hơn hoặc bằng 1."),
    ("-3", "Số lượng phải lớn hơn hoặc bằng 1."),
    ("ba", "Số lượng phải là số nguyên."),
    ("2.5", "Số lượng phải là số nguyên."),
    ("1000001", "Số lượng tối đa là 1000000."),
    ("9" * 400, "Số lượng tối đa là 1000000."),
    ("1e9", "Số lượng phải là số nguyên."),
]


@pytest.mark.parametrize("action", ["receive", "write-off", "transfer"])
@pytest.mark.parametrize(("quantity", "message"), QUANTITY_CASES)
def test_bad_quantities_are_refused_with_a_reason(staff_client, world, action, quantity, message):
    shared = StockRecord.objects.get(product=world.own_product, partner=world.other)
    before = snapshot(world.own_record, shared)
    data = {"quantity": quantity, "reason": "damaged", "target": str(shared.pk)}
    response = staff_client.post(action_url(world.own_record, action), data)
    assert response.status_code == 200
    assert message in text(response)
    assert snapshot(world.own_record, shared) == before


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("count", {"counted": "-1"}, "Số lượng phải lớn hơn hoặc bằng 0."),
        ("count", {"counted": "mười"}, "Số lượng phải là số nguyên."),
        ("write-off", {"quantity": "1", "reason": "sold_in_store"},
         "Chọn lý do hủy hàng trong danh sách."),
        ("write-off", {"quantity": "11", "reason": "expired"}, "chỉ còn 10 sản phẩm"),
        ("receive", {"quantity": "1", "note": "x" * 256}, "Ghi chú tối đa 255 ký tự."),
        # the other showroom's record of another product, and a made-up id
        ("transfer", {"quantity": "1", "target": "OTHER"}, "Chọn điểm bán nhận hàng"),
        ("transfer", {"quantity": "1", "target": "999999"}, "Chọn điểm bán nhận hàng"),
        ("transfer", {"quantity": "1", "target": "OWN"}, "Chọn điểm bán nhận hàng"),
        ("transfer", {"quantity": "1", "target": "abc"}, "Chọn điểm bán nhận hàng"),
        ("transfer", {"quantity": "50", "target": "SHARED"}, "không đủ"),
    ],
)
def test_hostile_stock_actions_change_nothing(staff_client, world, action, data, message):
    shared = StockRecord.objects.get(product=world.own_product, partner=world.other)
    targets = {"OTHER": world.other_record.pk, "OWN": world.own_record.pk, "SHARED": shared.pk}
    if data.get("target") in targets:
        data = {**data, "target": str(targets[data["target"]])}
    before = snapshot(world.own_record, world.other_record, shared)
    response = staff_client.post(action_url(world.own_record, action), data)
    assert response.status_code == 200
    assert message in text(response)
    assert snapshot(world.own_record, world.other_record, shared) == before


# --- counter -------------------------------------------------------------------------


def counter_post(client, lines, **extra):
    data = {"line-TOTAL_FORMS": str(max(len(lines), 1)), "line-INITIAL_FORMS": "0",
            "line-MIN_NUM_FORMS": "0", "line-MAX_NUM_FORMS": "200", **extra}
    for i, (product, quantity) in enumerate(lines):
        data[f"line-{i}-product"] = product
        data[f"line-{i}-quantity"] = quantity
    return client.post(reverse("dashboard:showroom-counter"), data)


def test_counter_sale_by_scanned_code_drops_the_stock(staff_client, world):
    response = counter_post(staff_client, [(world.own_product.code, "3")])
    assert response.status_code == 200
    page = text(response)
    assert "Đã ghi nhận đơn bán BH-" in page
    assert re.search(r'class="stock-left">7<', page)
    world.own_record.refresh_from_db()
    assert world.own_record.num_in_stock == 7
    sale = StockMovement.objects.filter(stockrecord=world.own_record).latest("pk")
    assert (sale.reason, sale.quantity, sale.user) == ("sold_in_store", -3, world.staff)


def test_counter_refuses_an_uncertified_product_and_says_why(staff_client, world):
    product = ProductFactory(title="Nước mắm sá sùng", stock=False)
    CertificateFactory(product=product, issued_on=dt.date(2022, 1, 10),
                       expires_on=dt.date(2025, 1, 9))
    record = StockRecordFactory(product=product, partner=world.own, num_in_stock=6)
    before = snapshot(record, world.own_record)
    response = counter_post(staff_client, [(product.code, "1"), (world.own_product.code, "1")])
    page = text(response)
    assert response.status_code == 200
    assert "Nước mắm sá sùng: không còn chứng nhận OCOP hợp lệ" in page
    assert "Đã ghi nhận đơn bán" not in page
    assert snapshot(record, world.own_record) == before  # all or nothing


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([("OTHER_CODE", "1")], "Điểm bán không có sản phẩm này."),
        ([("OTHER_SKU", "1")], "Điểm bán không có sản phẩm này."),
        ([("OWN_CODE", "0")], "Số lượng phải lớn hơn hoặc bằng 1."),
        ([("OWN_CODE", "-2")], "Số lượng phải lớn hơn hoặc bằng 1."),
        ([("OWN_CODE", "một")], "Số lượng phải là số nguyên."),
        ([("OWN_CODE", "9" * 300)], "Số lượng tối đa là 1000000."),
        ([("OWN_CODE", "11")], "chỉ còn 10 sản phẩm"),
        ([("OWN_CODE", "6"), ("OWN_CODE", "5")], "chỉ còn 10 sản phẩm"),
        ([("OWN_CODE", "")], "Nhập số lượng."),
        ([("", "2")], "Nhập mã hoặc tên sản phẩm."),
        ([("", "")], "Đơn bán chưa có sản phẩm nào."),
        ([("x" * 101, "1")], "100"),
    ],
)
def test_counter_refuses_bad_lines_with_a_reason(staff_client, world, lines, message):
    names = {"OTHER_CODE": world.other_product.code, "OTHER_SKU": OTHER_SKU,
             "OWN_CODE": world.own_product.code}
    lines = [(names.get(product, product), quantity) for product, quantity in lines]
    before = snapshot(world.own_record, world.other_record)
    response = counter_post(staff_client, lines)
    assert response.status_code == 200
    assert message in text(response)
    assert snapshot(world.own_record, world.other_record) == before


def test_counter_posting_another_showroom_sells_nothing_there(staff_client, world):
    before = snapshot(world.own_record, world.other_record)
    response = counter_post(staff_client, [(world.other_product.code, "1")],
                            showroom=str(world.other.pk))
    assert "Điểm bán không có sản phẩm này." in text(response)
    assert snapshot(world.own_record, world.other_record) == before


@pytest.mark.parametrize(
    "management",
    [
        {},  # no management form at all
        {"line-TOTAL_FORMS": "100000", "line-INITIAL_FORMS": "0"},
        {"line-TOTAL_FORMS": "-1", "line-INITIAL_FORMS": "0"},
        {"line-TOTAL_FORMS": "abc", "line-INITIAL_FORMS": "x"},
    ],
)
def test_counter_survives_a_forged_management_form(staff_client, world, management):
    before = snapshot(world.own_record)
    response = staff_client.post(reverse("dashboard:showroom-counter"), management)
    assert response.status_code == 200
    assert "Đã ghi nhận đơn bán" not in text(response)
    assert snapshot(world.own_record) == before


# --- withdraw from shelf at local midnight ------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "listed"),
    [
        (dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=HCM), False),  # last second of validity
        (dt.datetime(2026, 4, 1, 0, 0, 0, tzinfo=HCM), True),  # 00:00 local (17:00 UTC)
    ],
)
def test_withdraw_list_turns_at_local_midnight(world, moment, listed):
    product = ProductFactory(title="Trà hoa vàng Ba Chẽ", stock=False)
    CertificateFactory(product=product, issued_on=dt.date(2023, 4, 1),
                       expires_on=dt.date(2026, 3, 31))
    record = StockRecordFactory(product=product, partner=world.own, num_in_stock=5)
    client = Client()
    client.force_login(world.staff)
    with time_machine.travel(moment, tick=False):
        page = text(client.get(reverse("dashboard:showroom-withdraw")))
        sale = counter_post(client, [(product.code, "1")])
    assert ("Trà hoa vàng Ba Chẽ" in page) is listed
    if listed:
        assert "không còn chứng nhận OCOP hợp lệ" in page
        assert "Đã ghi nhận đơn bán" not in text(sale)
    record.refresh_from_db()
    assert record.num_in_stock == (5 if listed else 4)  # stock kept when withdrawn
    assert world.own_product.title not in page


# --- bounded queries -------------------------------------------------------------------------


def _grow(world, rows):
    """Own showroom holds ``rows`` products: the world's one plus more."""
    held = StockRecord.objects.filter(partner=world.own).count()
    for i in range(held - 1, rows - 1):
        product = ProductFactory(title=f"Bưởi đỏ Tân Lạc {i:03d}", stock=False)
        record = StockRecordFactory(product=product, partner=world.own, num_in_stock=3)
        ledger.receive(record.pk, 2, user=world.staff)


@pytest.mark.parametrize("name", ["showroom-stock", "showroom-movements"])
def test_lists_take_the_same_bounded_queries_for_5_and_50_rows(
    staff_client, world, name, django_assert_max_num_queries
):
    url = reverse(f"dashboard:{name}")
    per_product = 1 if name == "showroom-stock" else 2  # movements: opening stock, receipt
    counts = []
    for rows in (5, 50):
        _grow(world, rows)
        staff_client.get(url)  # session and site warmed
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(20):
            response = staff_client.get(url)
        counts.append(len(queries))
        assert text(response).count("Bưởi đỏ Tân Lạc") == min(per_product * (rows - 1), 25)
    assert counts[0] == counts[1], counts


# --- exact own totals of a mixed order -------------------------------------------------------


def test_every_total_is_the_sum_of_the_own_lines(staff_client, world, django_user_model):
    # A second order of the own showroom only, and the mixed order of the world.
    _order("100003", (world.own_record, Decimal("25000")))
    own_sum = "125.000\xa0₫"  # 100.000 (mixed order's own line) + 25.000
    home = text(staff_client.get(reverse("dashboard:index")))
    assert re.search(r'class="own-revenue">125.000\xa0₫<', home)
    stats = text(staff_client.get(reverse("dashboard:order-stats")))
    assert own_sum in stats
    listing = text(staff_client.get(reverse("dashboard:order-list")))
    assert re.findall(r'class="own-total">([^<]+)<', listing) == ["25.000\xa0₫", "100.000\xa0₫"]
    detail = text(staff_client.get(reverse("dashboard:order-detail", args=["100001"])))
    assert re.search(r'class="own-total">100.000\xa0₫<', detail)
    for body in (home, stats, listing, detail):
        assert "877.000" not in body and "777.000" not in body
    orders = list(world.mixed_order.__class__.objects.order_by("pk").values_list("pk", flat=True))
    response = staff_client.post(reverse("dashboard:order-list"),
                                 {"action": "download_selected_orders",
                                  "selected_order": [str(pk) for pk in orders]})
    rows = list(csv.reader(io.StringIO(text(response))))
    assert [row[0] for row in rows[1:]] == ["100003", "100001"]  # not 100002 (B's only)
    # Oscar's CSV columns: number, value, date, items, ...: the value is the own lines'.
    assert [Decimal(row[1]) for row in rows[1:]] == [Decimal("25000"), OWN_PRICE]
    # Head office sees the whole order, both showrooms' money.
    office = Client()
    office.force_login(django_user_model.objects.create_superuser("quan-tri", "qt@ocop.vn", "x"))
    assert "877.000" in text(office.get(reverse("dashboard:order-detail", args=["100001"])))
    assert OWN_PRICE + OTHER_PRICE == Decimal("877000")


def test_staff_of_no_showroom_see_nothing_and_sell_nothing(client, world):
    nobody = make_user("nv-moi", showroom=None)
    nobody.user_permissions.add(dashboard_access_permission())
    client.force_login(nobody)
    before = snapshot(world.own_record)
    page = text(client.get(reverse("dashboard:showroom-stock")))
    assert "chưa được gán điểm bán nào" in page
    response = counter_post(client, [(world.own_product.code, "1")])
    assert response.status_code == 200
    assert snapshot(world.own_record) == before


# --- CSV exports --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "showroom_column"),
    [("showroom-stock-export", 0), ("showroom-movements-export", 1)],
)
def test_csv_exports_hold_own_rows_only_with_formula_safe_cells(
    staff_client, world, name, showroom_column
):
    ledger.receive(world.own_record.pk, 1, user=world.staff, note='=HYPERLINK("http://x.vn")')
    # asking for the other showroom falls back to the user's own
    response = staff_client.get(f"{reverse(f'dashboard:{name}')}?showroom={world.other.pk}")
    assert response.status_code == 200
    assert "diem-a" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(text(response).lstrip("\ufeff"))))
    assert rows[0][showroom_column] == "Điểm bán"
    assert {row[showroom_column] for row in rows[1:]} == {"Điểm bán A Hạ Long"}
    body = text(response)
    assert OTHER_SKU not in body and "Lô bí mật B" not in body
    if name == "showroom-movements-export":
        assert rows[1][-1] == "'=HYPERLINK(\"http://x.vn\")"


# --- Vietnamese on every screen staff use -----------------------------------------------------

# Oscar's English, or its wrong Vietnamese, that must not reach the dashboard.
BAD_STRINGS = (
    "Page 1 of", "Cam kết thực hiện", "thuêus", "Những hách hàng mới", "Thứ tự số liệu",
    "Thứ tự trạng thái", "Tần số", "Đối tác SKU", "Lấy kết quả với", "Những thông báo tồn kho",
    "Quay lại trang", "Dashboard", "Fulfilment", "Orders", "Statistics", "Stock alerts",
    "Low stock", "Return to site", "Log out", "selected", "Login", "Summary", "Download",
    "Đặt hàng",  # Oscar's "Orders" (the verb "to order")
)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def staff_pages(world):
    # More than a page of uncertified products: both lists paginate.
    many = [ProductFactory(title=f"Cam Cao Phong {i:02d}", stock=False) for i in range(26)]
    for product in many:
        StockRecordFactory(product=product, partner=world.own, num_in_stock=1)
    StockAlert.objects.create(stockrecord=world.own_record, threshold=2)
    record = world.own_record.pk
    return {
        reverse("dashboard:index"): ["Bảng điều khiển", "Điểm bán", "Bán tại quầy", "Tồn kho",
                                     "Nhập/xuất kho", "Cần rút khỏi kệ", "Biến động kho"],
        reverse("dashboard:order-list"): ["Đơn hàng", "Tìm kiếm nâng cao", "Đã chọn"],
        reverse("dashboard:order-detail", args=["100001"]): ["Tiền hàng của điểm bán"],
        reverse("dashboard:order-stats"): ["Thống kê đơn hàng", "Đơn hàng theo trạng thái"],
        reverse("dashboard:stock-alert-list"): ["Cảnh báo tồn kho", "Ngưỡng báo sắp hết"],
        reverse("dashboard:showroom-stock"): ["Trang 1/2", "Trang sau", "Sửa giá"],
        reverse("dashboard:showroom-movements"): ["Lý do", "Người thực hiện"],
        reverse("dashboard:showroom-counter"): ["Ghi nhận bán hàng"],
        reverse("dashboard:showroom-withdraw"): ["chưa có giấy chứng nhận OCOP", "Trang 1/2"],
        reverse("dashboard:showroom-stockrecord", args=[record]): ["Giá bán (₫)"],
        reverse("dashboard:showroom-stock-action", args=[record, "transfer"]): [
            "Chuyển đến điểm bán"],
    }


def test_staff_screens_read_in_vietnamese(staff_client, world):
    found = {}
    for url, expected in staff_pages(world).items():
        response = staff_client.get(url)
        assert response.status_code == 200, url
        page = visible_text(text(response))
        title = re.search(r"<title>(.*?)</title>", text(response), re.S).group(1).strip()
        missing = [s for s in expected if s not in page]
        bad = [s for s in BAD_STRINGS if s in page or s in title]
        if missing or bad or title.startswith("|"):
            found[url] = {"missing": missing, "bad": bad, "title": title}
    assert found == {}


def test_the_dashboard_login_reads_in_vietnamese(client, world):
    page = visible_text(text(client.post(reverse("dashboard:login"),
                                         {"username": "nv-a", "password": "sai"})))
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page
    assert "Please enter" not in page
    assert 'value="Đăng nhập"' in text(client.get(reverse("dashboard:login")))
