"""Spreadsheet import of recognition decisions (registry contract §5).

Provinces publish decisions as .xlsx or .csv files, one certificate a row
under a header row in Vietnamese or English (``sheet_reader`` reads them).
Each row becomes a registry record and goes through the same
``apply_records`` service as the feed and the webhook, in batches, so a
20,000-row file stays fast and memory-bounded.

What the file does not carry is derived, the same way on every import, so
that importing the same file twice changes nothing the second time:

- ``producer.registry_id``: the registry id of the stored producer with the
  same tax code, else ``MST-<tax code>``; without a tax code, the stored
  producer of the same product when its name matches, else
  ``TEN-<province>-<folded name>``.
- ``level`` (column optional): blank means what the programme allows for the
  stars: 5 stars national, 3–4 stars provincial.
- ``producer.kind`` (column optional): blank is read from the producer's
  name ("HTX …", "Công ty …", "Hộ kinh doanh …", "Tổ hợp tác …").
- ``expires_on`` blank: ``issued_on`` + 36 months (29 Feb → 28 Feb).
- revoked rows: ``revoked_on`` from an optional "Ngày thu hồi" / "Revoked on"
  column, else the stored revocation date, else the import date;
  ``revocation_reason`` from "Lý do thu hồi" / "Revocation reason", else the
  stored reason, else "Thu hồi theo quyết định <decision_no>" (or "Thu hồi
  theo tệp <file name>" when the row has no decision number).
- numeric cells: a tax code gets back the leading zeros the cell lost (10
  digits, or 12 for an 11-digit number); a province code 6 becomes "06".
- ``updated_at``: the import time, kept only in the history. A spreadsheet
  is no authority (``authority.py``): a row creates a certificate or changes
  one that no registry record has touched; it never re-activates a revoked
  or suspended certificate and never changes one the registry has sent (the
  row is rejected as overruled, by row number); any registry record still
  applies after it.

Rows are numbered as the spreadsheet numbers them (header = its own row,
title rows above it count). Blank rows inside the table are skipped and
counted apart, never as rejected; blank rows after the last one are not part
of the table. A certificate number repeated in one file is rejected at its
repeat (the first row stands). A file that is not .xlsx/.csv UTF-8 text, has
no header in its first 20 rows or lacks a required column is rejected whole,
before any row applies.
"""

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple, TextIO

from django.db import transaction
from django.utils import timezone

from ..groups import GROUPS
from ..models import Certificate, Producer, Product, RejectedRecord, SyncRun
from ..provinces import resolve_province
from ..sync_models import Source
from ..text import fold_text
from ..validity import local_today
from .apply import Incoming, apply_records
from .effects import announce_changes
from .runs import COUNTERS, close_dead_runs, sync_run_count, sync_run_finish, sync_run_start
from .sheet_reader import (
    COLUMNS,
    EXTENSIONS,
    FileError,
    Sheet,
    binary_stream,
    cell_key,
    read_sheet,
)

try:
    from dateutil.relativedelta import relativedelta
except ImportError:  # pragma: no cover - dateutil comes with celery
    relativedelta = None

BATCH_SIZE = 1000
PAYLOAD_CHARS = 500  # of each cell kept with a rejected row
VALIDITY_MONTHS = 36

LEVEL_WORDS = {
    "provincial": ("tinh", "cap tinh", "provincial", "province"),
    "national": ("quoc gia", "cap quoc gia", "national"),
}
STATUS_WORDS = {
    "active": ("", "con hieu luc", "dang hieu luc", "hieu luc", "active"),
    "revoked": ("thu hoi", "da thu hoi", "bi thu hoi", "revoked"),
    "suspended": ("tam dung", "dang tam dung", "tam dinh chi", "dinh chi", "suspended"),
}
EXPIRY_WORDS = ("het han", "het hieu luc", "expired")
# Checked in order, as whole words at the start: "to hop tac" before "hop tac".
KIND_PREFIXES = (
    ("to hop tac", "cooperative_group"), ("cooperative group", "cooperative_group"),
    ("hop tac xa", "cooperative"), ("htx", "cooperative"), ("cooperative", "cooperative"),
    ("cong ty", "company"), ("cty", "company"), ("doanh nghiep", "company"),
    ("company", "company"),
    ("ho kinh doanh", "household"), ("hkd", "household"), ("household", "household"),
)  # fmt: skip
GROUP_ENGLISH = {
    "beverages": "beverage", "drinks": "beverage", "herbal products": "herbal",
    "textiles": "textile", "textiles and garments": "textile",
    "souvenirs furniture decoration": "souvenir_decor", "souvenir": "souvenir_decor",
    "tourism": "tourism_service", "community tourism": "tourism_service",
}  # fmt: skip
GROUP_ALIASES = {
    **{cell_key(alias): code for alias, code in GROUP_ENGLISH.items()},
    **{
        cell_key(alias): code
        for code, (slug, name) in GROUPS.items()
        for alias in (code, slug, name, f"nhom {name}")
    },
}
STARS = re.compile(r"(\d+)(?:[.,]0+)?\s*(?:sao|\*|:star:|stars?)?")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?")
DMY_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class RowError(ValueError):
    """A row that cannot become a record; ``str(error)`` lists every reason."""


class RowRejection(NamedTuple):
    row_number: int | None
    certificate_no: str
    reason: str


@dataclass
class ImportReport:
    """What one file did: counts, the rejected rows, or why it was unreadable."""

    name: str
    run: SyncRun
    applied: int = 0
    unchanged: int = 0
    blank_rows: int = 0
    rejected: list[RowRejection] = field(default_factory=list)
    error: str = ""  # set when the file (or its rest from some row on) was unreadable

    @property
    def ok(self) -> bool:
        return not self.error

    def write_rejected_csv(self, file: TextIO) -> None:
        write_rejections_csv([self], file)


def write_rejections_csv(reports: Iterable[ImportReport], file: TextIO) -> None:
    """Rejected rows as CSV (with a BOM so spreadsheet programs read UTF-8)."""
    file.write("\ufeff")
    writer = csv.writer(file)
    writer.writerow(REJECTIONS_HEADER)
    for report in reports:
        if report.error:
            writer.writerow(safe_cells([report.name, "", "", report.error]))
        for row in report.rejected:
            writer.writerow(
                safe_cells([report.name, row.row_number or "", row.certificate_no, row.reason])
            )


REJECTIONS_HEADER = [
    "Tệp / File", "Dòng / Row", "Số chứng nhận / Certificate No", "Lý do / Reason",
]  # fmt: skip
# A cell starting with one of these is a formula to spreadsheet programs
# (OWASP "CSV injection"): a quote in front makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cells(cells: Iterable) -> list:
    """Cells of a CSV report that spreadsheet programs show as text, never run."""
    return [
        f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
        for cell in cells
    ]


def import_certificate_file(
    *,
    path_or_file: str | Path | BinaryIO,
    name: str,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one .xlsx/.csv file of certificates into a SyncRun(source=file)."""
    close_dead_runs()
    run = sync_run_start(source=Source.FILE, source_detail=name)
    report = ImportReport(name=name, run=run)
    context = _ImportContext(name=name, imported_at=timezone.now())
    try:
        with binary_stream(path_or_file) as stream:
            sheet = read_sheet(stream, name)
            try:
                for batch in _batches(sheet, report, batch_size):
                    _import_batch(batch, sheet=sheet, context=context, report=report)
                    if on_progress:
                        on_progress(len(batch))
            finally:
                sheet.close()
    except FileError as error:
        report.error = str(error)
    except Exception as error:
        _finish(run, report, error=f"{type(error).__name__}: {error}")
        raise
    _finish(run, report, error=report.error)
    return report


def _finish(run: SyncRun, report: ImportReport, *, error: str) -> None:
    status = SyncRun.Status.FAILED if error else SyncRun.Status.COMPLETED
    sync_run_finish(run, status=status, error=error)


# --- Rows to records ----------------------------------------------------------


@dataclass
class _ImportContext:
    name: str
    imported_at: dt.datetime
    seen: dict[str, int] = field(default_factory=dict)  # certificate_no -> first row


def _batches(sheet: Sheet, report: ImportReport, size: int) -> Iterator[list]:
    """Non-blank rows in batches; blank rows inside the table are counted, trailing ones not."""
    batch, blanks = [], 0
    try:
        for number, cells in sheet.rows:
            if all(_blank(c) for c in cells):
                blanks += 1
                continue
            report.blank_rows, blanks = report.blank_rows + blanks, 0
            batch.append((number, cells))
            if len(batch) >= size:
                yield batch
                batch = []
    except FileError:
        if batch:  # the rows read before the break still apply, as the error says
            yield batch
        raise
    if batch:
        yield batch


def _import_batch(batch, *, sheet: Sheet, context: _ImportContext, report: ImportReport):
    run = report.run
    drafts, refused = [], []
    for number, cells in batch:
        values = {f: cells[i] if i < len(cells) else None for f, i in sheet.columns.items()}
        certificate_no = _text(values.get("certificate_no"))
        try:
            _check_repeat(certificate_no, number, context)
            drafts.append((number, _record(values, context)))
        except RowError as error:
            refused.append(
                RejectedRecord(
                    run=run,
                    certificate_no=certificate_no[:255],
                    row_number=number,
                    reason=str(error),
                    payload={k: _text(v)[:PAYLOAD_CHARS] for k, v in values.items()},
                )
            )
    _complete(drafts, context)
    with transaction.atomic():
        RejectedRecord.objects.bulk_create(refused)
        result = apply_records(
            [Incoming(record, row_number=number) for number, record in drafts], run=run
        )
        sync_run_count(run, result=result, rejected=len(refused))
        run.save(update_fields=COUNTERS)
    announce_changes(result)
    report.applied += result.applied
    report.unchanged += result.unchanged
    rejections = sorted(refused + result.rejected, key=lambda r: r.row_number or 0)
    report.rejected.extend(
        RowRejection(r.row_number, r.certificate_no, r.reason) for r in rejections
    )


def _check_repeat(certificate_no: str, number: int, context: _ImportContext) -> None:
    if not certificate_no:
        return
    first = context.seen.setdefault(certificate_no, number)
    if first != number:
        raise RowError(f"{COLUMNS['certificate_no'][0]}: {certificate_no} repeats row {first}")


def _record(values: dict, context: _ImportContext) -> dict:
    """A registry record from one row's cells; RowError lists every bad cell."""
    problems: list[str] = []

    def convert(field_name, parse, *args):
        try:
            return parse(values.get(field_name), *args)
        except RowError as error:
            problems.append(f"{COLUMNS[field_name][0]}: {error}")
            return None

    stars = convert("stars", _stars)
    issued_on = convert("issued_on", _date)
    expires_on = convert("expires_on", _date)
    if expires_on is None and issued_on is not None and _blank(values.get("expires_on")):
        expires_on = add_months(issued_on, VALIDITY_MONTHS)
    producer_name = _text(values.get("producer_name"))
    record = {
        "certificate_no": _text(values.get("certificate_no")),
        "product_code": _text(values.get("product_code")),
        "product_name": _text(values.get("product_name")),
        "group": convert("group", _group),
        "stars": stars,
        "level": convert("level", _level, stars),
        "status": convert("status", _status),
        "issued_on": _iso(issued_on),
        "expires_on": _iso(expires_on),
        "revoked_on": _iso(convert("revoked_on", _date)),
        "revocation_reason": _text(values.get("revocation_reason")) or None,
        "decision_no": _text(values.get("decision_no")),
        "issuer": _text(values.get("issuer")),
        "province_code": _province_code(values.get("province_code")),
        "producer": {
            "registry_id": None,  # derived per batch, see _complete
            "name": producer_name,
            "tax_code": _tax_code(values.get("tax_code")),
            "kind": convert("producer_kind", _kind, producer_name),
        },
        "updated_at": context.imported_at.isoformat(),
    }
    if problems:
        raise RowError("; ".join(problems))
    return record


def _complete(drafts: list[tuple[int, dict]], context: _ImportContext) -> None:
    """Fill what the file lacks from what is stored: producer ids, revocations."""
    records = [record for _, record in drafts]
    by_tax = dict(
        Producer.objects.filter(tax_code__in={r["producer"]["tax_code"] for r in records} - {""})
        .order_by("-pk")  # the oldest producer with a tax code wins
        .values_list("tax_code", "registry_id")
    )
    untaxed = {r["product_code"] for r in records if not r["producer"]["tax_code"]}
    by_product = {
        code: (fold_text(name), registry_id)
        for code, name, registry_id in Product.objects.filter(code__in=untaxed).values_list(
            "code", "producer__name", "producer__registry_id"
        )
        if registry_id
    }
    revoked = {r["certificate_no"] for r in records if r["status"] == "revoked"}
    stored_revocations = {
        number: (revoked_on, reason)
        for number, revoked_on, reason in Certificate.objects.filter(
            certificate_no__in=revoked, status="revoked"
        ).values_list("certificate_no", "revoked_on", "revocation_reason")
    }
    for record in records:
        producer = record["producer"]
        producer["registry_id"] = _producer_id(record, by_tax, by_product)
        if record["status"] != "revoked":
            continue
        stored_on, stored_reason = stored_revocations.get(record["certificate_no"], (None, ""))
        record["revoked_on"] = record["revoked_on"] or _iso(
            stored_on or local_today(context.imported_at)
        )
        record["revocation_reason"] = (
            record["revocation_reason"] or stored_reason or _default_reason(record, context)
        )


def _producer_id(record: dict, by_tax: dict, by_product: dict) -> str:
    producer = record["producer"]
    if producer["tax_code"]:
        return by_tax.get(producer["tax_code"]) or f"MST-{producer['tax_code']}"
    stored = by_product.get(record["product_code"])
    if stored and stored[0] == fold_text(producer["name"]):
        return stored[1]
    try:
        province = resolve_province(record["province_code"])
    except ValueError:
        province = record["province_code"]
    slug = "-".join(cell_key(producer["name"]).split())
    derived = f"TEN-{province}-{slug}"
    if len(derived) > 64:
        digest = hashlib.sha1(slug.encode()).hexdigest()[:8]
        derived = f"{derived[:55]}-{digest}"
    return derived


def _default_reason(record: dict, context: _ImportContext) -> str:
    if record["decision_no"]:
        return f"Thu hồi theo quyết định {record['decision_no']}"
    return f"Thu hồi theo tệp {context.name}"


# --- Cells ----------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    """Cell text; whole numbers lose their spreadsheet '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _stars(value) -> int:
    number = _whole_number(value)
    if number is not None:
        return number
    match = STARS.fullmatch(fold_text(_text(value)))
    if not match:
        raise RowError(f"{_text(value)!r} is not a star rating such as 4, \"4 sao\" or \"4★\"")
    return int(match.group(1))


def _level(value, stars: int | None) -> str | None:
    if _blank(value):
        return "national" if stars == 5 else "provincial"
    return _word(value, LEVEL_WORDS)


def _status(value) -> str:
    if cell_key(value) in EXPIRY_WORDS:
        raise RowError(
            "expiry is not a status, it follows from the dates; leave it blank for active"
        )
    return _word(value, STATUS_WORDS)


def _word(value, words: dict[str, tuple[str, ...]]) -> str:
    key = cell_key(value)
    for code, spellings in words.items():
        if key in spellings or key == code:
            return code
    accepted = ", ".join(f'"{s}"' for spellings in words.values() for s in spellings if s)
    raise RowError(f"{_text(value)!r} is not one of {accepted}")


def _group(value) -> str:
    code = GROUP_ALIASES.get(cell_key(value))
    if code is None:
        names = ", ".join(f"{c} ({name})" for c, (_, name) in GROUPS.items())
        raise RowError(f"{_text(value)!r} is not an OCOP group: {names}")
    return code


def _kind(value, producer_name: str) -> str:
    words = cell_key(value if not _blank(value) else producer_name)
    for prefix, kind in KIND_PREFIXES:
        if words == prefix or words.startswith(prefix + " "):
            return kind
    if _blank(value):
        raise RowError("blank, and the producer's name does not say HTX, Công ty, "
                       "Hộ kinh doanh or Tổ hợp tác")  # fmt: skip
    raise RowError(f"{_text(value)!r} is not HTX, Công ty, Hộ kinh doanh or Tổ hợp tác")


def _date(value) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        raise RowError(f"{_text(value)} is a number, not a date: format the cell as a date")
    text = _text(value)
    try:
        if match := ISO_DATE.fullmatch(text.lower()):
            return dt.date(*(int(g) for g in match.groups()))
        if match := DMY_DATE.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise RowError(f"{text!r} is not a date in the calendar") from None
    raise RowError(f"{text!r} is not a date (dd/mm/yyyy or yyyy-mm-dd)")


def _province_code(value) -> str:
    """Numeric cells and one-digit text become two digits: 6 -> "06"."""
    number = _whole_number(value)
    text = str(number) if number is not None else _text(value)
    return text.zfill(2) if len(text) == 1 and text.isascii() and text.isdigit() else text


def _tax_code(value) -> str:
    """A numeric cell lost its leading zeros: give back 10 (or 12) digits."""
    number = _whole_number(value)
    if number is None or number < 0:
        return _text(value)
    digits = str(number)
    return digits.zfill(12) if len(digits) == 11 else digits.zfill(10)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the month's end (29 Feb + 36 months = 28 Feb)."""
    if relativedelta is not None:
        return day + relativedelta(months=months)
    index = day.month - 1 + months  # pragma: no cover - fallback without dateutil
    year, month = day.year + index // 12, index % 12 + 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (next_month - dt.timedelta(days=1)).day))


__all__ = [
    "FileError",
    "ImportReport",
    "REJECTIONS_HEADER",
    "RowRejection",
    "safe_cells",
    "import_certificate_file",
    "read_sheet",
    "write_rejections_csv",
    "add_months",
    "EXTENSIONS",
]
