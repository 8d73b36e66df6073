"""CSV exports of showrooms' stock and of their ledger movements, streamed.

Every text cell goes through ``catalogue.registry.spreadsheets.safe_cells``: a cell a
spreadsheet program would run as a formula (starting ``= + - @``, tab or carriage
return) is prefixed with ``'`` and shown as text. Rows are read in chunks, so an
export costs one query per 2,000 rows and little memory whatever its size.
"""

import csv
import zoneinfo
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from catalogue.registry.spreadsheets import safe_cells

from .selectors import showroom_stock_records, stock_movements

CHUNK = 2000
LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

STOCK_HEADER = [
    "Điểm bán", "Mã sản phẩm", "Sản phẩm", "Mã hàng", "Giá bán (₫)", "Tồn kho", "Đang giữ",
    "Có thể bán", "Ngưỡng báo sắp hết",
]  # fmt: skip
MOVEMENT_HEADER = [
    "Thời điểm", "Điểm bán", "Mã sản phẩm", "Sản phẩm", "Lý do", "Số lượng", "Số lượng giữ",
    "Người thực hiện", "Tham chiếu", "Ghi chú",
]  # fmt: skip


def stock_rows(partners) -> Iterator[list]:
    for r in showroom_stock_records(partners).iterator(chunk_size=CHUNK):
        price = int(r.price) if r.price is not None else ""
        threshold = r.low_stock_threshold if r.low_stock_threshold is not None else ""
        in_stock, held = r.num_in_stock or 0, r.num_allocated or 0
        yield [r.partner.name, r.product.code, r.product.get_title(), r.partner_sku, price,
               in_stock, held, in_stock - held, threshold]


def movement_rows(movements) -> Iterator[list]:
    for m in movements.iterator(chunk_size=CHUNK):
        record = m.stockrecord
        yield [
            m.created_at.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M:%S"),
            record.partner.name, record.product.code, record.product.get_title(),
            m.get_reason_display(), m.quantity, m.allocated,
            m.user.get_username() if m.user else "", m.reference, m.note,
        ]


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list, rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM: spreadsheet programs then read Vietnamese as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(safe_cells(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stock_csv(partners, *, filename: str = "ton-kho.csv") -> StreamingHttpResponse:
    """The stock records of the given showrooms (a Partner queryset or list)."""
    return csv_response(filename, STOCK_HEADER, stock_rows(partners))


def movements_csv(partners, *, filename: str = "bien-dong-kho.csv") -> StreamingHttpResponse:
    """The ledger movements of the given showrooms, newest first."""
    rows = movement_rows(stock_movements(partners=partners))
    return csv_response(filename, MOVEMENT_HEADER, rows)
