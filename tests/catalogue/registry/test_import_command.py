"""``manage.py import_certificates`` end to end, with real files in tmp_path."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import Certificate, SyncRun
from tests.catalogue.registry.test_spreadsheets import EN, decision_row, write_sheet

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    """Captured output that says it is a terminal, as a shell would."""

    def isatty(self):
        return True


def run_command(*args):
    out = io.StringIO()
    call_command("import_certificates", *map(str, args), stdout=out)
    return out.getvalue()


def test_imports_several_files_and_prints_counts_and_rejected_rows(tmp_path):
    first = write_sheet(tmp_path / "qd-736.xlsx", [decision_row(1), decision_row(2, stars="7 sao")])
    second = write_sheet(tmp_path / "qd-812.csv", [decision_row(3), None, decision_row(4)], EN)

    output = run_command(first, second)

    assert Certificate.objects.count() == 3
    assert "qd-736.xlsx: applied 1, unchanged 0, rejected 1, blank rows skipped 0" in output
    assert "row 3 [QN-2025-0002]: stars: must be 3, 4 or 5 (got 7)" in output
    assert "qd-812.csv: applied 2, unchanged 0, rejected 0, blank rows skipped 1" in output
    assert "1 row(s) rejected in total" in output
    runs = SyncRun.objects.filter(source="file").order_by("pk")
    assert [(r.source_detail, r.status) for r in runs] == [
        ("qd-736.xlsx", "completed"),
        ("qd-812.csv", "completed"),
    ]


def test_report_option_writes_rejected_rows_of_every_file(tmp_path):
    first = write_sheet(tmp_path / "a.csv", [decision_row(1, group="Đồ gỗ"), decision_row(2)])
    second = write_sheet(tmp_path / "b.xlsx", [decision_row(3, issued_on="32/01/2025")])
    report = tmp_path / "out" / "rejected.csv"
    report.parent.mkdir()

    output = run_command(first, second, "--report", report)

    assert f"Rejected rows written to {report}" in output
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheet programs then read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Tệp / File", "Dòng / Row", "Số chứng nhận / Certificate No", "Lý do / Reason",
    ]  # fmt: skip
    assert [r[:3] for r in rows[1:]] == [
        ["a.csv", "2", "QN-2025-0001"],
        ["b.xlsx", "2", "QN-2025-0003"],
    ]
    assert "is not an OCOP group" in rows[1][3]
    assert "is not a date in the calendar" in rows[2][3]


def test_unreadable_file_fails_the_command_after_the_others_ran(tmp_path):
    good = write_sheet(tmp_path / "good.csv", [decision_row(1)])
    headers = {f: h for f, h in EN.items() if f != "certificate_no"}
    bad = write_sheet(tmp_path / "bad.csv", [decision_row(2)], headers)
    report = tmp_path / "rejected.csv"
    out = io.StringIO()

    with pytest.raises(CommandError, match="could not read: bad.csv"):
        call_command(
            "import_certificates", str(bad), str(good), "--report", str(report), stdout=out
        )

    assert "lacks required columns: Số chứng nhận / Certificate No" in out.getvalue()
    assert Certificate.objects.filter(certificate_no="QN-2025-0001").exists()
    assert SyncRun.objects.get(source_detail="bad.csv").status == "failed"
    # The report names the unreadable file and why.
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "bad.csv" and "lacks required columns" in rows[1][3]


def test_missing_file_fails_the_command(tmp_path):
    with pytest.raises(CommandError, match="could not read: absent.xlsx"):
        run_command(tmp_path / "absent.xlsx")


def test_rejected_rows_alone_do_not_fail_the_command(tmp_path):
    rows = [decision_row(1, stars="x"), decision_row(2, stars="")]
    path = write_sheet(tmp_path / "all-bad.csv", rows)
    output = run_command(path)
    assert "rejected 2" in output
    assert "2 row(s) rejected in total" in output


def test_second_import_reports_everything_unchanged(tmp_path):
    path = write_sheet(tmp_path / "same.xlsx", [decision_row(n) for n in range(1, 4)])
    run_command(path)
    assert "same.xlsx: applied 0, unchanged 3, rejected 0" in run_command(path)


def test_progress_bar_only_on_a_terminal(tmp_path, capsys):
    path = write_sheet(tmp_path / "p.csv", [decision_row(n) for n in range(1, 6)])
    call_command("import_certificates", str(path), "--batch-size", "2", stdout=io.StringIO())
    assert "rows" not in capsys.readouterr().err

    call_command("import_certificates", str(path), "--batch-size", "2", stdout=Terminal())
    assert " rows" in capsys.readouterr().err  # tqdm draws on stderr


def test_batch_size_must_be_positive(tmp_path):
    path = write_sheet(tmp_path / "p.csv", [decision_row(1)])
    with pytest.raises(CommandError, match="--batch-size"):
        run_command(path, "--batch-size", "0")
