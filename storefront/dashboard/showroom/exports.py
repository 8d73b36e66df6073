"""CSV exports of a showroom's stock and movements (formula-safe cells)."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from catalogue.registry.spreadsheets import safe_cells

MAX_ROWS = 100_000


class _Echo:
    def write(self, value):
        return value


def _response(name, header, rows):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # spreadsheet programs then read UTF-8 (Vietnamese) correctly
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(safe_cells(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _slug(showroom):
    return (showroom.slug or str(showroom.pk)) if showroom else "none"


def stock_csv(showroom, records):
    header = ["Mã sản phẩm", "Sản phẩm", "Mã hàng", "Giá bán (₫)", "Tồn kho", "Đang giữ",
              "Có thể bán", "Ngưỡng báo sắp hết"]
    rows = (
        [r.product.code, r.product.get_title(), r.partner_sku, r.price, r.num_in_stock,
         r.num_allocated or 0, (r.num_in_stock or 0) - (r.num_allocated or 0),
         r.low_stock_threshold if r.low_stock_threshold is not None else ""]
        for r in records.select_related("product").order_by("product__title", "pk")[:MAX_ROWS]
        .iterator(chunk_size=2000)
    )
    return _response(f"ton-kho-{_slug(showroom)}.csv", header, rows)


def movements_csv(showroom, movements):
    header = ["Thời điểm", "Mã sản phẩm", "Sản phẩm", "Lý do", "Số lượng", "Số lượng giữ",
              "Người thực hiện", "Tham chiếu", "Ghi chú"]
    tz = timezone.get_current_timezone()
    rows = (
        [m.created_at.astimezone(tz).strftime("%d/%m/%Y %H:%M"), m.stockrecord.product.code,
         m.stockrecord.product.get_title(), m.get_reason_display(), m.quantity, m.allocated,
         m.user.get_username() if m.user else "", m.reference, m.note]
        for m in movements.select_related("stockrecord__product", "user")[:MAX_ROWS]
        .iterator(chunk_size=2000)
    )
    return _response(f"bien-dong-{_slug(showroom)}.csv", header, rows)
