"""Reading a recognition-decision file into numbered rows (registry contract §5).

``read_sheet`` takes an .xlsx workbook (openpyxl, read-only; the first
worksheet whose header has every required column) or a UTF-8 .csv file (BOM
allowed; comma or semicolon, whichever header names more known columns),
finds the header row in the first 20 rows, in Vietnamese or English, and maps
each known column to its cell index. Rows keep the numbers the spreadsheet
shows them under (header = its own row, title rows above it count).

A file that is not .xlsx/.csv UTF-8 text, has no header in its first 20 rows,
names one column twice or lacks a required column makes ``read_sheet`` raise
``FileError``, before any row is handed on. So does a file beyond the
``Limits`` (settings ``OCOP_IMPORT_*``): its size, its unpacked size (an .xlsx
is a zip: a 500 KB file can unpack to gigabytes), its number of rows or the
length of one cell — checked by reading the whole file once before any row is
handed on. A file that breaks further down raises it from ``Sheet.rows``,
naming the last row read.

Turning rows into registry records is ``spreadsheets``' job.
"""

import codecs
import csv
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from ..text import fold_text

HEADER_SCAN_ROWS = 20
EXTENSIONS = (".xlsx", ".csv")

# field -> (label shown to people, folded header spellings)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "certificate_no": ("Số chứng nhận / Certificate No", (
        "so chung nhan", "so giay chung nhan", "certificate no", "certificate number")),
    "product_code": ("Mã sản phẩm / Product code", ("ma san pham", "product code")),
    "product_name": ("Tên sản phẩm / Product name", ("ten san pham", "product name")),
    "group": ("Nhóm sản phẩm / Group", ("nhom san pham", "nhom", "group", "product group")),
    "stars": ("Hạng sao / Stars", ("hang sao", "so sao", "stars", "star rating")),
    "level": ("Cấp công nhận / Level", ("cap cong nhan", "level")),
    "status": ("Trạng thái / Status", ("trang thai", "status")),
    "issued_on": ("Ngày cấp / Issued on", ("ngay cap", "issued on", "issue date")),
    "expires_on": ("Ngày hết hạn / Expires on", ("ngay het han", "expires on", "expiry date")),
    "decision_no": ("Số quyết định / Decision No", (
        "so quyet dinh", "decision no", "decision number")),
    "issuer": ("Cơ quan cấp / Issuer", ("co quan cap", "issuer")),
    "province_code": ("Mã tỉnh / Province code", ("ma tinh", "province code")),
    "producer_name": ("Chủ thể / Producer", ("chu the", "ten chu the", "producer")),
    "tax_code": ("Mã số thuế / Tax code", ("ma so thue", "tax code")),
    "producer_kind": ("Loại chủ thể / Producer kind", ("loai chu the", "producer kind")),
    "revoked_on": ("Ngày thu hồi / Revoked on", ("ngay thu hoi", "revoked on")),
    "revocation_reason": ("Lý do thu hồi / Revocation reason", (
        "ly do thu hoi", "revocation reason")),
}  # fmt: skip
REQUIRED = (
    "certificate_no", "product_code", "product_name", "group", "stars", "issued_on",
    "province_code", "producer_name",
)  # fmt: skip

HEADERS = {alias: f for f, (_, aliases) in COLUMNS.items() for alias in aliases}
LINE_END = re.compile(r"\r\n|\r|\n")


class FileError(ValueError):
    """The file cannot be imported at all; ``str(error)`` says why."""


@dataclass(frozen=True)
class Limits:
    """What one file may hold; beyond it the file is refused whole."""

    file_bytes: int
    unpacked_bytes: int
    rows: int
    cell_chars: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            file_bytes=settings.OCOP_IMPORT_MAX_FILE_BYTES,
            unpacked_bytes=settings.OCOP_IMPORT_MAX_UNPACKED_BYTES,
            rows=settings.OCOP_IMPORT_MAX_ROWS,
            cell_chars=settings.OCOP_IMPORT_MAX_CELL_CHARS,
        )


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB"


@dataclass
class Sheet:
    header_row: int
    columns: dict[str, int]  # field -> cell index
    rows: Iterator[tuple[int, tuple]]  # (spreadsheet row number, cell values) after the header
    close: Callable[[], None] = lambda: None


def read_sheet(stream: BinaryIO, name: str, limits: Limits | None = None) -> Sheet:
    """Find the header row and the columns; raise FileError for an unusable file."""
    limits = limits or Limits.from_settings()
    if not name.lower().endswith(EXTENSIONS):
        raise FileError(f"{name}: only .xlsx and .csv files can be imported")
    size = stream.seek(0, 2)
    stream.seek(0)
    if size > limits.file_bytes:
        raise FileError(
            f"{name}: the file is {_megabytes(size)}, more than the "
            f"{_megabytes(limits.file_bytes)} accepted (OCOP_IMPORT_MAX_FILE_BYTES); "
            "split it into smaller files"
        )
    magic = stream.read(8)
    stream.seek(0)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(f"{name}: an old .xls workbook (or a protected one); save it as .xlsx")
    if magic.startswith(b"PK\x03\x04"):
        return _xlsx_sheet(stream, name, limits)
    if name.lower().endswith(".xlsx"):
        raise FileError(f"{name}: not an .xlsx workbook")
    return _csv_sheet(stream, name, limits)


def _check_unpacked_size(stream: BinaryIO, name: str, limits: Limits) -> None:
    """Refuse a zip bomb before any part of it is unpacked."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileError(f"{name}: not a readable .xlsx workbook ({error})") from None
    finally:
        stream.seek(0)
    if unpacked > limits.unpacked_bytes:
        raise FileError(
            f"{name}: the workbook unpacks to {_megabytes(unpacked)}, more than the "
            f"{_megabytes(limits.unpacked_bytes)} accepted (OCOP_IMPORT_MAX_UNPACKED_BYTES); "
            "a decision file this large is not plausible: check it, or split it"
        )


def _xlsx_sheet(stream: BinaryIO, name: str, limits: Limits) -> Sheet:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked_size(stream, name, limits)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileError(f"{name}: not a readable .xlsx workbook ({error})") from None
    problems = []
    for worksheet in workbook.worksheets:
        worksheet.reset_dimensions()  # some writers record wrong dimensions

        def rows(worksheet=worksheet):
            return enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1)

        try:
            sheet = _with_header(rows, f"{name} [{worksheet.title}]", limits)
        except FileError as error:
            problems.append(str(error))
            continue
        sheet.close = workbook.close
        return sheet
    workbook.close()
    raise FileError("; ".join(problems) or f"{name}: the workbook has no worksheet")


def _csv_sheet(stream: BinaryIO, name: str, limits: Limits) -> Sheet:
    _check_utf8_text(stream, name)
    best = None
    for delimiter in (",", ";"):
        stream.seek(0)
        reader = csv.reader(_text_lines(stream), delimiter=delimiter)
        head = _read_head(enumerate(reader, start=1), name)
        found = _header_in(head, name)
        if found and (best is None or len(found[1]) > len(best[1][1])):
            best = (delimiter, found)
    if best is None:
        raise FileError(_no_header(name))

    def rows():
        stream.seek(0)
        return enumerate(csv.reader(_text_lines(stream), delimiter=best[0]), start=1)

    return _with_header(rows, name, limits)


def _check_utf8_text(stream: BinaryIO, name: str) -> None:
    """Reject the whole file before any row applies if it is not UTF-8 text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    try:
        while chunk := stream.read(1 << 16):
            if b"\x00" in chunk:
                raise FileError(f"{name}: a binary file, not CSV text")
            decoder.decode(chunk)
            offset += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise FileError(
            f'{name}: not UTF-8 text (byte {offset + error.start + 1}); save it as "CSV UTF-8"'
        ) from None
    stream.seek(0)


def _text_lines(stream: BinaryIO) -> Iterator[str]:
    """Decoded lines (BOM dropped) from any binary stream, for csv.reader.

    Lines end at \\r\\n, \\n or a lone \\r and keep their ending, as a file
    opened with newline="" gives them (what the csv module expects).
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    while chunk := stream.read(1 << 16):
        pending += decoder.decode(chunk)
        start = 0
        for end in LINE_END.finditer(pending):
            if end.group() == "\r" and end.end() == len(pending):
                break  # maybe the \r of a \r\n cut by the chunk
            yield pending[start : end.end()]
            start = end.end()
        pending = pending[start:]
    pending += decoder.decode(b"", final=True)
    start = 0
    for end in LINE_END.finditer(pending):
        yield pending[start : end.end()]
        start = end.end()
    if pending[start:]:
        yield pending[start:]


def _read_head(rows: Iterator, name: str) -> list[tuple[int, tuple]]:
    head = []
    try:
        for number, cells in rows:
            head.append((number, tuple(cells)))
            if len(head) >= HEADER_SCAN_ROWS:
                break
    except Exception as error:  # only reading happens in this loop
        raise FileError(f"{name}: not readable ({error})") from None
    return head


def _with_header(rows: Callable[[], Iterator], name: str, limits: Limits) -> Sheet:
    """The sheet under its header row; ``rows()`` reads the rows from the top each time."""
    head = _read_head(rows(), name)
    found = _header_in(head, name)
    if found is None:
        raise FileError(_no_header(name))
    header_row, columns = found
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise FileError(
            f"{name}: the header on row {header_row} lacks required columns: {', '.join(missing)}"
        )
    _check_rows(rows(), header_row, name, limits)
    after_header = (item for item in rows() if item[0] > header_row)
    return Sheet(header_row=header_row, columns=columns, rows=_chain(after_header, name))


def _check_rows(rows: Iterator, header_row: int, name: str, limits: Limits) -> None:
    """Refuse the file whole if it has too many rows or one cell too long.

    A file unreadable further down is left to the import, which keeps the
    rows before the break and says so.
    """
    count = 0
    try:
        for number, cells in rows:
            if number <= header_row or not any(c is not None and c != "" for c in cells):
                continue
            count += 1
            if count > limits.rows:
                raise FileError(
                    f"{name}: more than {limits.rows} rows (OCOP_IMPORT_MAX_ROWS); split the file"
                )
            for index, cell in enumerate(cells):
                if isinstance(cell, str) and len(cell) > limits.cell_chars:
                    raise FileError(
                        f"{name}, row {number}, column {index + 1}: a cell of {len(cell)} "
                        f"characters, more than the {limits.cell_chars} accepted "
                        "(OCOP_IMPORT_MAX_CELL_CHARS); nothing was imported"
                    )
    except FileError:
        raise
    except Exception:  # only reading happens in this loop
        return


def _chain(rows: Iterator, name: str) -> Iterator[tuple[int, tuple]]:
    number = None
    try:
        for number, cells in rows:
            yield number, tuple(cells)
    except Exception as error:  # only reading happens in this loop
        after = f" after row {number}" if number else ""
        raise FileError(
            f"{name}: unreadable{after} ({error}); the rows before were imported"
        ) from error


def _header_in(head: list[tuple[int, tuple]], name: str) -> tuple[int, dict[str, int]] | None:
    """The first row naming at least three known columns, as (row number, columns)."""
    for number, cells in head:
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            field_name = HEADERS.get(cell_key(cell))
            if field_name is None:
                continue
            if field_name in columns:
                raise FileError(
                    f"{name}, row {number}: two columns mean {COLUMNS[field_name][0]} "
                    f"(columns {columns[field_name] + 1} and {index + 1})"
                )
            columns[field_name] = index
        if len(columns) >= 3:
            return number, columns
    return None


def _no_header(name: str) -> str:
    return (
        f"{name}: no header row found in the first {HEADER_SCAN_ROWS} rows "
        f"(expected columns such as {', '.join(COLUMNS[f][0] for f in REQUIRED)})"
    )


def cell_key(value) -> str:
    """Folded words of a header or cell: 'Mã số thuế (*)' -> 'ma so thue'."""
    text = re.sub(r"\(.*?\)", " ", fold_text(str(value)) if value is not None else "")
    return " ".join(re.findall(r"[a-z0-9]+", text))


@contextmanager
def binary_stream(path_or_file) -> Iterator[BinaryIO]:
    """A seekable binary stream over a path or an (uploaded) file object."""
    if isinstance(path_or_file, str | Path):
        try:
            stream = open(path_or_file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise FileError(f"{path_or_file}: cannot be opened ({error.strerror})") from None
        with stream:
            yield stream
        return
    stream = path_or_file
    if hasattr(stream, "seek") and (not hasattr(stream, "seekable") or stream.seekable()):
        stream.seek(0)
        yield stream
        return
    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as copy:
        shutil.copyfileobj(stream, copy)
        copy.seek(0)
        yield copy


__all__ = [
    "COLUMNS",
    "EXTENSIONS",
    "FileError",
    "Limits",
    "Sheet",
    "binary_stream",
    "cell_key",
    "read_sheet",
]
