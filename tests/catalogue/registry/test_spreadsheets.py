"""Spreadsheet import of recognition decisions (registry contract §5).

Every file here is written by the test itself, as .xlsx (openpyxl) or .csv.
"""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.models import (
    Certificate,
    CertificateChange,
    Producer,
    Product,
    RejectedRecord,
    SyncRun,
)
from catalogue.registry import spreadsheets
from catalogue.registry.spreadsheets import add_months, import_certificate_file
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db

FIELDS = (
    "certificate_no", "product_code", "product_name", "group", "stars", "level", "status",
    "issued_on", "expires_on", "decision_no", "issuer", "province_code", "producer",
    "tax_code", "producer_kind",
)  # fmt: skip
VI = dict(zip(FIELDS, (
    "Số chứng nhận", "Mã sản phẩm", "Tên sản phẩm", "Nhóm sản phẩm", "Hạng sao",
    "Cấp công nhận", "Trạng thái", "Ngày cấp", "Ngày hết hạn", "Số quyết định",
    "Cơ quan cấp", "Mã tỉnh", "Chủ thể", "Mã số thuế", "Loại chủ thể",
), strict=True))  # fmt: skip
EN = dict(zip(FIELDS, (
    "Certificate No", "Product code", "Product name", "Group", "Stars", "Level", "Status",
    "Issued on", "Expires on", "Decision No", "Issuer", "Province code", "Producer",
    "Tax code", "Producer kind",
), strict=True))  # fmt: skip
EXTRA = {"revoked_on": "Ngày thu hồi", "revocation_reason": "Lý do thu hồi"}


def at(year, month, day, hour=9, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


def decision_row(n: int, **overrides) -> dict:
    """One row of a Quảng Ninh recognition decision, changed by ``overrides``."""
    row = {
        "certificate_no": f"QN-2025-{n:04d}",
        "product_code": f"QN-SP-{n:04d}",
        "product_name": f"Chả mực Hạ Long {n}",
        "group": "Thực phẩm",
        "stars": "4 sao",
        "level": "Cấp tỉnh",
        "status": "",
        "issued_on": "15/10/2025",
        "expires_on": "",
        "decision_no": "736/QĐ-UBND",
        "issuer": "UBND tỉnh Quảng Ninh",
        "province_code": "22",
        "producer": f"Công ty TNHH Chả mực Hạ Long {n}",
        "tax_code": f"57{n:08d}",
        "producer_kind": "Công ty",
    }
    row.update(overrides)
    return row


def write_sheet(path, rows, headers=VI, *, before=(), bom=True, delimiter=","):
    """Write rows (dicts of field -> cell) under a header row to .xlsx or .csv.

    ``before`` are title rows above the header, as provinces often put.
    """
    fields = list(headers)
    table = [list(r) for r in before] + [[headers[f] for f in fields]]
    table += [[row.get(f) for f in fields] if row is not None else [] for row in rows]
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Quyết định"
        for cells in table:
            sheet.append(cells)
        workbook.save(path)
    else:
        text = io.StringIO()
        writer = csv.writer(text, delimiter=delimiter)
        for cells in table:
            writer.writerow(["" if c is None else c for c in cells])
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode())
    return path


def import_file(path, **kwargs):
    return import_certificate_file(path_or_file=path, name=path.name, **kwargs)


def certificate(number) -> Certificate:
    return Certificate.objects.select_related("product__producer").get(certificate_no=number)


# --- both formats, both header languages ---------------------------------------------


def test_xlsx_with_vietnamese_headers_and_typed_cells(tmp_path):
    rows = [
        decision_row(1, stars=4, issued_on=dt.datetime(2025, 10, 15), province_code=22),
        decision_row(2, stars="4★", issued_on=dt.date(2025, 3, 1), tax_code=101234567),
        decision_row(3, stars=5.0, level="Quốc gia", issued_on="2025-06-30"),
    ]
    path = write_sheet(tmp_path / "qd-736.xlsx", rows)

    report = import_file(path)

    assert (report.applied, report.unchanged, report.rejected, report.error) == (3, 0, [], "")
    first = certificate("QN-2025-0001")
    assert (first.stars, first.level, first.status) == (4, "provincial", "active")
    assert first.issued_on == dt.date(2025, 10, 15)
    assert first.expires_on == dt.date(2028, 10, 15)  # blank: issue + 36 months
    assert first.issuing_province_code == "22"
    assert first.product.code == "QN-SP-0001"
    assert first.product.title == "Chả mực Hạ Long 1"
    assert first.product.categories.get().code == "food"
    second = certificate("QN-2025-0002")
    assert second.stars == 4
    # A numeric tax code cell lost its leading zero; tax codes have 10 digits.
    assert second.product.producer.tax_code == "0101234567"
    assert second.issued_on == dt.date(2025, 3, 1)
    third = certificate("QN-2025-0003")
    assert (third.stars, third.level, third.issued_on) == (5, "national", dt.date(2025, 6, 30))
    run = report.run
    assert (run.source, run.source_detail, run.status) == ("file", "qd-736.xlsx", "completed")
    assert (run.applied, run.unchanged, run.rejected) == (3, 0, 0)


def test_csv_with_english_headers_bom_and_semicolons(tmp_path):
    rows = [
        decision_row(1, group="food", stars="3", level="provincial", issued_on="2025-10-15",
                     producer_kind="company"),
        decision_row(2, group="Đồ uống", stars="4 SAO", level="Provincial",
                     issued_on="01/02/2025", expires_on="01/02/2028",
                     producer="HTX Yến Dương", producer_kind="HTX"),
    ]  # fmt: skip
    path = write_sheet(tmp_path / "decision.csv", rows, EN, bom=True, delimiter=";")

    report = import_file(path)

    assert (report.applied, report.rejected) == (2, [])
    assert certificate("QN-2025-0001").stars == 3
    second = certificate("QN-2025-0002")
    assert (second.issued_on, second.expires_on) == (dt.date(2025, 2, 1), dt.date(2028, 2, 1))
    assert second.product.categories.get().code == "beverage"
    assert second.product.producer.kind == "cooperative"


def test_csv_without_bom_and_headers_without_diacritics(tmp_path):
    headers = {f: header.upper() for f, header in VI.items()}
    headers["certificate_no"] = "so chung nhan"
    headers["tax_code"] = "Ma so thue (*)"
    rows = [decision_row(1, group="thuc pham", stars="4 Sao", tax_code="0101234567")]
    path = write_sheet(tmp_path / "khong-dau.csv", rows, headers, bom=False)

    report = import_file(path)

    assert (report.applied, report.rejected) == (1, [])
    assert certificate("QN-2025-0001").product.producer.tax_code == "0101234567"


def test_header_below_title_rows_keeps_the_spreadsheets_own_row_numbers(tmp_path):
    title = [["DANH SÁCH SẢN PHẨM OCOP NĂM 2025"], ["(Kèm theo Quyết định số 736/QĐ-UBND)"]]
    rows = [decision_row(1), decision_row(2, stars="2 sao")]
    path = write_sheet(tmp_path / "qd.xlsx", rows, before=title)

    report = import_file(path)

    assert report.applied == 1
    # Title rows 1-2, header row 3, data rows 4 and 5.
    assert [(r.row_number, r.certificate_no) for r in report.rejected] == [(5, "QN-2025-0002")]
    assert "stars" in report.rejected[0].reason


# --- values -------------------------------------------------------------------------


@pytest.mark.parametrize("stars", ["4", "4 sao", "4★", "4 ★", "4 Sao", 4, 4.0, "4.0"])
def test_star_spellings(tmp_path, stars):
    path = write_sheet(tmp_path / "stars.xlsx", [decision_row(1, stars=stars)])
    assert import_file(path).applied == 1
    assert certificate("QN-2025-0001").stars == 4


@pytest.mark.parametrize(
    "stars, reason",
    [
        ("tiềm năng 5 sao", "is not a star rating"),
        ("4,5 sao", "is not a star rating"),
        ("2 sao", "stars: must be 3, 4 or 5"),
        ("", "is not a star rating"),
    ],
)
def test_bad_stars_are_rejected_with_a_reason(tmp_path, stars, reason):
    path = write_sheet(tmp_path / "stars.csv", [decision_row(1, stars=stars)])
    report = import_file(path)
    assert report.applied == 0
    assert reason in report.rejected[0].reason
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    "issued, expires, issued_on, expires_on",
    [
        ("15/10/2025", "", dt.date(2025, 10, 15), dt.date(2028, 10, 15)),
        ("2025-10-15", "", dt.date(2025, 10, 15), dt.date(2028, 10, 15)),
        ("5/3/2025", "05/03/2028", dt.date(2025, 3, 5), dt.date(2028, 3, 5)),
        ("29/02/2024", "", dt.date(2024, 2, 29), dt.date(2027, 2, 28)),
        ("31/10/2023", "", dt.date(2023, 10, 31), dt.date(2026, 10, 31)),
        (dt.datetime(2024, 2, 29), None, dt.date(2024, 2, 29), dt.date(2027, 2, 28)),
        (dt.date(2025, 1, 31), dt.date(2028, 1, 31), dt.date(2025, 1, 31), dt.date(2028, 1, 31)),
    ],
)
def test_dates_and_the_36_month_default(tmp_path, issued, expires, issued_on, expires_on):
    suffix = ".xlsx" if isinstance(issued, dt.date) else ".csv"
    row = decision_row(1, issued_on=issued, expires_on=expires)
    path = write_sheet(tmp_path / f"dates{suffix}", [row])

    assert import_file(path).applied == 1
    stored = certificate("QN-2025-0001")
    assert (stored.issued_on, stored.expires_on) == (issued_on, expires_on)


def test_blank_expiry_is_valid_through_the_last_day_of_month_36(tmp_path):
    path = write_sheet(tmp_path / "d.csv", [decision_row(1, issued_on="15/10/2023")])
    import_file(path)
    product = certificate("QN-2025-0001").product
    Product.objects.filter(pk=product.pk).update(is_public=True)
    with at(2026, 10, 15, 23, 59):
        assert Product.objects.browsable().filter(pk=product.pk).exists()
    with at(2026, 10, 16, 0, 0):
        assert not Product.objects.browsable().filter(pk=product.pk).exists()


@pytest.mark.parametrize("value", ["31/02/2025", "15-13-2025", "2025/10/15", "Oct 15 2025", 45945])
def test_bad_dates_are_rejected_with_a_reason(tmp_path, value):
    path = write_sheet(tmp_path / "d.xlsx", [decision_row(1, issued_on=value)])
    report = import_file(path)
    assert report.applied == 0
    assert report.rejected[0].reason.startswith("Ngày cấp / Issued on:")


def test_add_months_without_dateutil_agrees_with_relativedelta(monkeypatch):
    days = [dt.date(2024, 2, 29), dt.date(2023, 1, 31), dt.date(2025, 12, 31), dt.date(2025, 3, 30)]
    expected = [add_months(day, months) for day in days for months in (1, 12, 36, 37)]
    monkeypatch.setattr(spreadsheets, "relativedelta", None)
    assert [add_months(day, months) for day in days for months in (1, 12, 36, 37)] == expected
    assert add_months(dt.date(2024, 2, 29), 36) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    "word, status",
    [("", "active"), ("Còn hiệu lực", "active"), ("Active", "active"),
     ("tạm dừng", "suspended"), ("Suspended", "suspended"), ("TẠM DỪNG", "suspended")],
)  # fmt: skip
def test_status_words(tmp_path, word, status):
    path = write_sheet(tmp_path / "s.csv", [decision_row(1, status=word)])
    assert import_file(path).applied == 1
    stored = certificate("QN-2025-0001")
    assert (stored.status, stored.revoked_on, stored.revocation_reason) == (status, None, "")


@pytest.mark.parametrize("word", ["thu hồi", "Thu hồi", "Đã thu hồi", "revoked"])
def test_revoked_without_date_column_is_revoked_on_the_local_import_date(tmp_path, word):
    path = write_sheet(tmp_path / "r.csv", [decision_row(1, status=word)])
    # 23:59 in Vietnam is still the 24th; at 00:00 (17:00 UTC on the 24th) it is the 25th.
    with at(2026, 11, 24, 23, 59):
        import_file(path)
    stored = certificate("QN-2025-0001")
    assert (stored.status, stored.revoked_on) == ("revoked", dt.date(2026, 11, 24))
    assert stored.revocation_reason == "Thu hồi theo quyết định 736/QĐ-UBND"

    path = write_sheet(tmp_path / "r2.csv", [decision_row(2, status=word, decision_no="")])
    with at(2026, 11, 25, 0, 0):
        import_file(path)
    second = certificate("QN-2025-0002")
    assert second.revoked_on == dt.date(2026, 11, 25)
    assert second.revocation_reason == "Thu hồi theo tệp r2.csv"


def test_revocation_columns_are_honoured(tmp_path):
    headers = {**VI, **EXTRA}
    row = decision_row(1, status="Thu hồi", revoked_on="02/09/2026",
                       revocation_reason="Vi phạm Luật An toàn thực phẩm")  # fmt: skip
    import_file(write_sheet(tmp_path / "r.xlsx", [row], headers))
    stored = certificate("QN-2025-0001")
    assert stored.revoked_on == dt.date(2026, 9, 2)
    assert stored.revocation_reason == "Vi phạm Luật An toàn thực phẩm"


def test_expired_is_not_a_status(tmp_path):
    report = import_file(write_sheet(tmp_path / "e.csv", [decision_row(1, status="Hết hạn")]))
    assert report.applied == 0
    assert "expiry is not a status" in report.rejected[0].reason


@pytest.mark.parametrize(
    "group, code",
    [("Thực phẩm", "food"), ("THUC PHAM", "food"), ("herbal", "herbal"), ("Thảo dược", "herbal"),
     ("Lưu niệm – nội thất – trang trí", "souvenir_decor"), ("luu niem - noi that - trang tri",
     "souvenir_decor"), ("Vải và may mặc", "textile"), ("tourism_service", "tourism_service"),
     ("Dịch vụ du lịch cộng đồng và điểm du lịch", "tourism_service")],
)  # fmt: skip
def test_group_names_and_codes(tmp_path, group, code):
    import_file(write_sheet(tmp_path / "g.csv", [decision_row(1, group=group)]))
    assert certificate("QN-2025-0001").product.categories.get().code == code


@pytest.mark.parametrize(
    "kind, producer, expected",
    [("HTX", "HTX Yến Dương", "cooperative"), ("Hợp tác xã", "Yến Dương", "cooperative"),
     ("Công ty TNHH", "Chả mực", "company"), ("Hộ kinh doanh", "Nguyễn Văn A", "household"),
     ("Tổ hợp tác", "Ba Bể", "cooperative_group"), ("cooperative_group", "Ba Bể",
     "cooperative_group"), ("household", "Bà Lan", "household"),
     # blank kind: read from the producer's name
     ("", "Hợp tác xã Yến Dương", "cooperative"), ("", "Công ty CP Nam dược", "company"),
     ("", "Tổ hợp tác mây tre đan", "cooperative_group"), ("", "Hộ kinh doanh Bà Lan",
     "household")],
)  # fmt: skip
def test_producer_kinds(tmp_path, kind, producer, expected):
    row = decision_row(1, producer_kind=kind, producer=producer)
    assert import_file(write_sheet(tmp_path / "k.csv", [row])).applied == 1
    assert certificate("QN-2025-0001").product.producer.kind == expected


def test_blank_kind_that_the_name_does_not_tell_is_rejected(tmp_path):
    row = decision_row(1, producer_kind="", producer="Cơ sở sản xuất Bà Lan")
    report = import_file(write_sheet(tmp_path / "k.csv", [row]))
    assert report.applied == 0
    assert report.rejected[0].reason.startswith("Loại chủ thể / Producer kind: blank")


def test_blank_level_follows_the_stars(tmp_path):
    rows = [decision_row(1, level="", stars="5 sao"), decision_row(2, level="", stars="3 sao")]
    assert import_file(write_sheet(tmp_path / "l.csv", rows)).applied == 2
    assert certificate("QN-2025-0001").level == "national"
    assert certificate("QN-2025-0002").level == "provincial"


def test_five_stars_at_provincial_level_is_rejected(tmp_path):
    report = import_file(write_sheet(tmp_path / "l.csv", [decision_row(1, stars="5 sao")]))
    assert "a 5-star certificate is always national" in report.rejected[0].reason


def test_former_province_is_filed_under_todays_and_issuer_kept_as_issued(tmp_path):
    row = decision_row(
        1, province_code=6, issuer="UBND tỉnh Bắc Kạn", product_name="Bí xanh thơm Ba Bể",
        issued_on=dt.date(2024, 5, 20),
    )  # fmt: skip
    import_file(write_sheet(tmp_path / "bac-kan.xlsx", [row]))
    stored = certificate("QN-2025-0001")
    assert stored.issuing_province_code == "06"  # numeric cell 6 -> "06"
    assert stored.issuer == "UBND tỉnh Bắc Kạn"
    assert stored.product.province_code == "19"  # Thái Nguyên since 1 July 2025


def test_unknown_province_is_rejected(tmp_path):
    report = import_file(write_sheet(tmp_path / "p.csv", [decision_row(1, province_code="99")]))
    assert report.applied == 0
    assert "province_code" in report.rejected[0].reason


# --- producers: ids the file does not carry --------------------------------------------


def test_producer_ids_are_derived_and_stored_producers_reused(tmp_path):
    known = ProducerFactory(registry_id="P-22-0042", tax_code="5701234567", name="Cty Chả mực")
    untaxed_product = ProductFactory(code="QN-SP-0003", producer__name="HTX Yến Dương",
                                     producer__registry_id="P-06-0007")  # fmt: skip
    rows = [
        decision_row(1, tax_code="5701234567", producer="Công ty TNHH Chả mực Hạ Long"),
        decision_row(2, tax_code="0109876543"),
        decision_row(3, tax_code="", producer="HTX Yến Dương", producer_kind="HTX"),
        decision_row(4, tax_code="", producer="Hộ kinh doanh Bà Lan", producer_kind=""),
    ]
    report = import_file(write_sheet(tmp_path / "p.csv", rows))

    assert report.applied == 4
    assert certificate("QN-2025-0001").product.producer.pk == known.pk
    known.refresh_from_db()
    assert known.name == "Công ty TNHH Chả mực Hạ Long"  # the file is the newest word
    assert certificate("QN-2025-0002").product.producer.registry_id == "MST-0109876543"
    assert certificate("QN-2025-0003").product.producer.pk == untaxed_product.producer_id
    assert certificate("QN-2025-0004").product.producer.registry_id == "TEN-22-ho-kinh-doanh-ba-lan"
    assert Producer.objects.count() == 4


# --- bad rows, blank rows, whole-file rejections ------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_bad_rows_are_listed_by_row_number_while_good_rows_apply(tmp_path, suffix):
    rows = [
        decision_row(1),  # row 2
        decision_row(2, stars="sáu sao", issued_on="31/02/2025"),  # row 3: two reasons
        None,  # row 4: blank, skipped
        decision_row(3, group="Đồ gỗ"),  # row 5
        decision_row(4),  # row 6
        decision_row(1, product_name="Lặp lại"),  # row 7: repeats row 2
        decision_row(5, certificate_no=""),  # row 8
        decision_row(6, province_code="99"),  # row 9
        None,  # trailing blank rows are not part of the table
        None,
    ]
    report = import_file(write_sheet(tmp_path / f"mixed{suffix}", rows))

    assert (report.applied, report.blank_rows) == (2, 1)
    rejected = {r.row_number: r for r in report.rejected}
    assert sorted(rejected) == [3, 5, 7, 8, 9]
    assert rejected[3].certificate_no == "QN-2025-0002"
    assert "Hạng sao / Stars" in rejected[3].reason
    calendar = "Ngày cấp / Issued on: '31/02/2025' is not a date in the calendar"
    assert calendar in rejected[3].reason
    assert "'Đồ gỗ' is not an OCOP group" in rejected[5].reason
    assert "repeats row 2" in rejected[7].reason
    assert "certificate_no" in rejected[8].reason
    assert "province_code" in rejected[9].reason
    # Nothing dropped silently: every non-blank row is applied or rejected.
    assert report.applied + len(report.rejected) == 7
    stored = RejectedRecord.objects.filter(run=report.run)
    assert sorted(stored.values_list("row_number", flat=True)) == [3, 5, 7, 8, 9]
    assert report.run.rejected == 5
    assert set(Certificate.objects.values_list("certificate_no", flat=True)) == {
        "QN-2025-0001",
        "QN-2025-0004",
    }
    assert certificate("QN-2025-0001").product.title == "Chả mực Hạ Long 1"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_missing_required_column_rejects_the_whole_file(tmp_path, suffix):
    headers = {f: h for f, h in VI.items() if f != "province_code"}
    path = write_sheet(tmp_path / f"thieu{suffix}", [decision_row(1), decision_row(2)], headers)

    report = import_file(path)

    assert not report.ok
    assert "lacks required columns: Mã tỉnh / Province code" in report.error
    assert (report.applied, report.rejected) == (0, [])
    assert (report.run.status, report.run.error) == ("failed", report.error)
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("scan.pdf", b"%PDF-1.7 ...", "only .xlsx and .csv files can be imported"),
        ("fake.xlsx", b"So chung nhan,Ma san pham\n", "not an .xlsx workbook"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "not a readable .xlsx workbook"),
        ("old.csv", "Mã;Tên\n".encode("cp1252"), "not UTF-8 text"),
        ("binary.csv", b"\x00\x01\x02", "a binary file"),
        ("notes.csv", "Ghi chú\nkhông phải danh sách\n".encode(), "no header row found"),
        ("empty.csv", b"", "no header row found"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "only .xlsx and .csv"),
        ("renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old .xls workbook"),
    ],
)
def test_files_that_are_not_decision_spreadsheets_are_rejected_whole(
    tmp_path, name, content, reason
):
    path = tmp_path / name
    path.write_bytes(content)
    report = import_file(path)
    assert reason in report.error
    assert report.run.status == "failed"
    assert not Certificate.objects.exists()


def test_a_missing_file_is_reported(tmp_path):
    report = import_file(tmp_path / "absent.csv")
    assert "cannot be opened" in report.error


def test_two_columns_with_the_same_meaning_reject_the_file(tmp_path):
    headers = {**VI, "level": "Số sao"}  # "Số sao" also means stars
    report = import_file(write_sheet(tmp_path / "dup.csv", [decision_row(1)], headers))
    assert "two columns mean Hạng sao / Stars" in report.error


# --- idempotency, batches, side effects ---------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    rows = [decision_row(n) for n in range(1, 6)]
    rows.append(decision_row(6, status="thu hồi"))
    rows.append(decision_row(7, stars="9"))
    path = write_sheet(tmp_path / "qd-736.xlsx", rows)
    with at(2026, 11, 24):
        first = import_file(path)
    history = list(CertificateChange.objects.values_list("pk", flat=True))
    stored = {c.certificate_no: c.registry_updated_at for c in Certificate.objects.all()}

    with at(2026, 11, 25):  # a day later: the revocation date must not move
        second = import_file(path)

    assert (first.applied, first.unchanged, len(first.rejected)) == (6, 0, 1)
    assert (second.applied, second.unchanged, len(second.rejected)) == (0, 6, 1)
    assert list(CertificateChange.objects.values_list("pk", flat=True)) == history
    # A file run does not bump the stored registry time of an unchanged record.
    assert {c.certificate_no: c.registry_updated_at for c in Certificate.objects.all()} == stored
    assert certificate("QN-2025-0006").revoked_on == dt.date(2026, 11, 24)
    assert (second.run.applied, second.run.unchanged, second.run.rejected) == (0, 6, 1)


def test_a_corrected_file_applies_the_corrections_with_history(tmp_path):
    with at(2026, 11, 24):
        import_file(write_sheet(tmp_path / "a.csv", [decision_row(1, stars="3 sao")]))
    with at(2026, 11, 25):
        report = import_file(write_sheet(tmp_path / "b.csv", [decision_row(1, stars="4 sao")]))
    assert report.applied == 1
    change = certificate("QN-2025-0001").history.first()
    assert change.changes == {"stars": [3, 4]}
    assert (change.source, change.source_detail) == ("file", "b.csv")


def test_revoking_a_feed_certificate_keeps_its_stored_revocation_on_reimport(tmp_path):
    stored = CertificateFactory(certificate_no="QN-2025-0001", status="revoked",
                                revoked_on=dt.date(2026, 3, 1),
                                revocation_reason="Vi phạm Luật Chất lượng sản phẩm",
                                registry_updated_at=dt.datetime(2026, 3, 1, tzinfo=VN))  # fmt: skip
    row = decision_row(1, status="thu hồi", product_code=stored.product.code,
                       product_name=stored.product.title)  # fmt: skip
    import_file(write_sheet(tmp_path / "r.csv", [row]))
    stored.refresh_from_db()
    assert stored.revoked_on == dt.date(2026, 3, 1)
    assert stored.revocation_reason == "Vi phạm Luật Chất lượng sản phẩm"


def test_large_files_go_in_batches_with_side_effects_after_each(
    tmp_path, django_capture_on_commit_callbacks
):
    rows = [decision_row(n) for n in range(1, 8)] + [decision_row(8, stars="x")]
    path = write_sheet(tmp_path / "big.csv", rows)
    progress = []
    with django_capture_on_commit_callbacks() as callbacks:
        report = import_file(path, batch_size=3, on_progress=progress.append)
    assert progress == [3, 3, 2]
    assert len(callbacks) == 3  # one side-effect job per batch that touched products
    assert (report.applied, len(report.rejected)) == (7, 1)
    assert (report.run.applied, report.run.rejected, report.run.status) == (7, 1, "completed")
    assert report.rejected[0].row_number == 9


def test_uploaded_file_objects_are_accepted(tmp_path):
    path = write_sheet(tmp_path / "up.xlsx", [decision_row(1)])
    with open(path, "rb") as stream:
        report = import_certificate_file(path_or_file=stream, name="up.xlsx")
    assert report.applied == 1


def test_rejected_rows_as_csv(tmp_path):
    rows = [decision_row(1), decision_row(2, stars="9 sao")]
    report = import_file(write_sheet(tmp_path / "r.csv", rows))
    out = io.StringIO()
    report.write_rejected_csv(out)
    lines = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert lines[0] == [
        "Tệp / File", "Dòng / Row", "Số chứng nhận / Certificate No", "Lý do / Reason",
    ]  # fmt: skip
    assert lines[1][:3] == ["r.csv", "3", "QN-2025-0002"]
    assert "stars" in lines[1][3]
    assert len(lines) == 2


def test_created_products_are_unlisted_until_staff_list_them(tmp_path):
    with at(2026, 11, 24):
        import_file(write_sheet(tmp_path / "n.csv", [decision_row(1)]))
        product = certificate("QN-2025-0001").product
        assert product.is_public is False
        assert Product.objects.certified().filter(pk=product.pk).exists()
        assert not Product.objects.browsable().filter(pk=product.pk).exists()


# --- whatever the bytes, a report and never a crash -----------------------------------------

HEADER_LINE = ",".join(VI.values())
cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["4 sao", "15/10/2025", "2025-10-15", "22", "06", "HTX", "thu hồi", "food"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    head=st.sampled_from(["", "\ufeff"]),
    lines=st.lists(st.lists(cells, max_size=17), max_size=6),
    junk=st.binary(max_size=20),
)
def test_any_csv_gives_a_report_never_an_exception(tmp_path, head, lines, junk):
    body = io.StringIO()
    csv.writer(body).writerows(lines)
    path = tmp_path / "fuzz.csv"
    path.write_bytes((head + HEADER_LINE + "\n" + body.getvalue()).encode() + junk)
    before = SyncRun.objects.count()

    report = import_file(path)

    assert SyncRun.objects.count() == before + 1
    run = report.run
    assert run.status == ("completed" if report.ok else "failed")
    # The run's counters and stored rejections say exactly what the report says.
    assert (run.applied, run.unchanged, run.rejected) == (
        report.applied, report.unchanged, len(report.rejected)
    )
    assert RejectedRecord.objects.filter(run=run).count() == len(report.rejected)


def test_a_file_unreadable_from_some_row_on_keeps_the_rows_before_and_says_so(tmp_path):
    rows = [decision_row(n) for n in range(1, 31)]
    rows[24]["product_name"] = "x" * 200_000  # row 26: over the csv module's field limit
    report = import_file(write_sheet(tmp_path / "cut.csv", rows), batch_size=10)
    assert "unreadable after row 25" in report.error
    assert "the rows before were imported" in report.error
    assert report.applied == 24  # every row before the unreadable one
    assert report.run.status == "failed"
    assert Certificate.objects.count() == 24
