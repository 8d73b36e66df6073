"""Spreadsheets tried as bombs and traps: files beyond the limits are refused
whole with a reason a person can act on, in bounded memory, and nothing
applies; reports never hand a spreadsheet program a formula."""

import csv
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from catalogue.models import Certificate, RejectedRecord, SyncRun
from catalogue.registry.spreadsheets import FORMULA_STARTS, write_rejections_csv

from .test_admin import IMPORT, operator  # noqa: F401 - fixture
from .test_spreadsheets import VI, decision_row, import_file, write_sheet

pytestmark = pytest.mark.django_db
PLACEHOLDER = "CELL-TO-INFLATE"
# What an import of a refused file may allocate in Python, whatever it holds.
PEAK_BYTES = 16 << 20


def xlsx_bomb(path, *, chars: int):
    """A small, valid .xlsx whose one cell unpacks to ``chars`` characters,
    written as a stream (the test never holds the cell in memory)."""
    plain = path.with_suffix(".plain.xlsx")
    write_sheet(plain, [decision_row(1), decision_row(2, product_name=PLACEHOLDER)])
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member)
            if PLACEHOLDER.encode() not in data:
                out.writestr(member, data)
                continue
            before, after = data.split(PLACEHOLDER.encode())
            with out.open(member.filename, "w", force_zip64=True) as stream:
                stream.write(before)
                block = b"A" * (1 << 20)
                for _ in range(chars >> 20):
                    stream.write(block)
                stream.write(after)
    return path


def refused_in_bounded_memory(path, name=None):
    tracemalloc.start()
    try:
        report = import_file(path) if name is None else import_file(path, name=name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"peak {peak / (1 << 20):.1f} MB"
    assert report.error
    assert report.applied == 0
    assert not Certificate.objects.exists()
    assert report.run.status == SyncRun.Status.FAILED
    return report


def test_a_500_mib_cell_in_a_small_xlsx_is_refused_before_unpacking(tmp_path):
    path = xlsx_bomb(tmp_path / "bomb.xlsx", chars=500 << 20)
    assert path.stat().st_size < 2 << 20
    report = refused_in_bounded_memory(path)
    assert "unpacks to 500." in report.error
    assert "OCOP_IMPORT_MAX_UNPACKED_BYTES" in report.error


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cell_longer_than_the_limit_refuses_the_whole_file(tmp_path, suffix):
    rows = [decision_row(1), decision_row(2, issuer="U" * 5000)]
    report = refused_in_bounded_memory(write_sheet(tmp_path / f"long{suffix}", rows))
    assert "row 3, column 11: a cell of 5000 characters" in report.error
    assert "nothing was imported" in report.error
    assert not RejectedRecord.objects.exists()


def test_three_hundred_thousand_junk_rows_are_refused_not_rejected_one_by_one(tmp_path):
    path = tmp_path / "junk.csv"
    header = ",".join(VI.values())
    path.write_text(header + "\n" + "x,\n" * 300_000, encoding="utf-8")
    report = refused_in_bounded_memory(path)
    assert "more than 50000 rows (OCOP_IMPORT_MAX_ROWS)" in report.error
    assert not RejectedRecord.objects.exists()


def test_a_file_larger_than_the_limit_is_refused(tmp_path, settings):
    settings.OCOP_IMPORT_MAX_FILE_BYTES = 1000
    path = write_sheet(tmp_path / "big.csv", [decision_row(n) for n in range(1, 20)])
    report = refused_in_bounded_memory(path)
    assert "more than the 0.0 MB accepted" in report.error or "accepted" in report.error
    assert "split it into smaller files" in report.error


def test_the_admin_upload_refuses_a_bomb_with_a_reason(operator, tmp_path):  # noqa: F811
    path = xlsx_bomb(tmp_path / "bomb.xlsx", chars=100 << 20)
    with open(path, "rb") as upload:
        page = operator.post(reverse(IMPORT), {"file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert "không đọc được tệp" in html and "OCOP_IMPORT_MAX_UNPACKED_BYTES" in html
    run = SyncRun.objects.get(source="file")
    assert run.status == "failed"
    assert not RejectedRecord.objects.exists()


def test_the_admin_upload_refuses_a_file_over_the_size_limit(operator, tmp_path, settings):  # noqa: F811
    settings.OCOP_IMPORT_MAX_FILE_BYTES = 500
    path = write_sheet(tmp_path / "big.csv", [decision_row(n) for n in range(1, 20)])
    with open(path, "rb") as upload:
        page = operator.post(reverse(IMPORT), {"file": upload})
    assert "hãy chia thành nhiều tệp nhỏ hơn" in page.content.decode()
    assert not SyncRun.objects.exists()


# --- formula injection in reports ---------------------------------------------------------

TRAPS = ['=HYPERLINK("http://evil.example","bấm")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
         "@SUM(1,2)", "\t=1", "\r=1"]  # fmt: skip


def formula_rows():
    return [
        decision_row(n, certificate_no=trap, stars="9 sao") for n, trap in enumerate(TRAPS, 1)
    ]


def assert_no_formula(rows):
    cells = [cell for row in rows for cell in row]
    assert cells, "no report rows"
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]


def test_the_rejection_report_neutralises_formulas_and_the_file_name(tmp_path):
    name = "=HYPERLINK(1).csv"
    report = import_file(write_sheet(tmp_path / name, formula_rows()))
    assert len(report.rejected) == len(TRAPS)
    out = io.StringIO()
    write_rejections_csv([report], out)
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert_no_formula(rows)
    assert rows[1][0] == "'" + name
    assert all(row[2].startswith("'") for row in rows[1:])  # every trap number, quoted


def test_the_import_command_report_is_neutralised(tmp_path):
    from django.core.management import call_command

    path = write_sheet(tmp_path / "-traps.csv", formula_rows())
    target = tmp_path / "report.csv"
    call_command("import_certificates", str(path), report=str(target), stdout=io.StringIO())
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert_no_formula(rows)


def test_the_admin_csv_download_is_neutralised(operator, tmp_path):  # noqa: F811
    path = write_sheet(tmp_path / "traps.xlsx", formula_rows())
    with open(path, "rb") as upload:
        operator.post(reverse(IMPORT), {"file": upload})
    run = SyncRun.objects.get(source="file")
    download = operator.get(reverse("admin:catalogue_syncrun_rejected_csv", args=[run.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert_no_formula(list(csv.reader(io.StringIO(text))))


def test_an_xlsx_reads_formula_text_as_text(tmp_path):
    path = write_sheet(tmp_path / "f.xlsx", formula_rows()[:1])
    assert openpyxl.load_workbook(path).active.max_row == 2
