"""Every change of showroom stock, as ledger movements under row locks.

The ledger is the only writer of ``StockRecord.num_in_stock`` and ``num_allocated``
(see the notes above ``StockRecord`` in ``models.py``): each write locks the records it
touches (``shops.locks``, primary-key order), checks free stock on the locked values,
updates the record and appends the matching ``StockMovement`` rows in one transaction.
Anything refused raises ``StockError`` with a Vietnamese reason and changes nothing.
The reservation API for checkout (``reserve``, ``release``, ``consume``,
``expire_reservations``) lives in ``reservations.py`` and is re-exported here.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalogue.selectors import certificate_verdict, latest_certificate, product_is_sellable

from . import locks
from .models import StockMovement, StockRecord

Reason = StockMovement.Reason
MAX_QUANTITY = 1_000_000  # a larger count is a typo, not a delivery
MAX_SALE_LINES = 200
OPENING_NOTE = "Tồn đầu kỳ"
WRITE_OFF_REASONS = (Reason.DAMAGED, Reason.EXPIRED)


class StockError(ValueError):
    """A stock change refused; ``str()`` says why in Vietnamese, ``reasons`` per line."""

    def __init__(self, message: str, *, reasons: Sequence[str] = ()):
        super().__init__(message)
        self.reasons = list(reasons) or [message]


# --- validation -------------------------------------------------------------------------


def check_quantity(quantity, *, allow_zero: bool = False) -> int:
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise StockError("Số lượng phải là số nguyên.")
    if quantity < (0 if allow_zero else 1) or quantity > MAX_QUANTITY:
        lowest = 0 if allow_zero else 1
        raise StockError(f"Số lượng phải từ {lowest} đến {MAX_QUANTITY:,}.".replace(",", "."))
    return quantity


def check_text(value, *, label: str, limit: int) -> str:
    if not isinstance(value, str):
        raise StockError(f"{label} phải là chuỗi ký tự.")
    value = value.strip()
    if len(value) > limit or any(ord(c) < 32 for c in value):
        raise StockError(f"{label} quá dài (tối đa {limit} ký tự) hoặc chứa ký tự điều khiển.")
    return value


def record_label(record: StockRecord) -> str:
    return f"{record.product.get_title()} tại {record.partner.name}"


def free_stock(record: StockRecord) -> int:
    return (record.num_in_stock or 0) - (record.num_allocated or 0)


# --- the one write path -----------------------------------------------------------------


def lock(ids: Iterable[int]) -> dict[int, StockRecord]:
    """Lock records (pk order); refuse if any is missing."""
    ids = list(ids)
    records = locks.stockrecords_for_update(ids)
    missing = sorted(set(ids) - set(records))
    if missing:
        raise StockError(f"Không tìm thấy bản ghi tồn kho #{missing[0]}.")
    return records


def apply(
    record: StockRecord,
    reason: str,
    *,
    quantity: int = 0,
    allocated: int = 0,
    user=None,
    note: str = "",
    reference: str = "",
) -> StockMovement:
    """Change one LOCKED record by (quantity, allocated) and return its unsaved movement.

    The caller saves the movements (``save_movements``) in the same transaction.
    """
    in_stock = (record.num_in_stock or 0) + quantity
    held = (record.num_allocated or 0) + allocated
    if in_stock < 0 or held < 0 or held > in_stock:
        raise StockError(f"{record_label(record)}: thao tác làm tồn kho âm, đã bị từ chối.")
    StockRecord.objects.filter(pk=record.pk).update(
        num_in_stock=Coalesce(F("num_in_stock"), 0) + quantity,
        num_allocated=Coalesce(F("num_allocated"), 0) + allocated,
        date_updated=timezone.now(),
    )
    record.num_in_stock, record.num_allocated = in_stock, held
    return StockMovement(
        stockrecord_id=record.pk,
        reason=reason,
        quantity=quantity,
        allocated=allocated,
        user_id=getattr(user, "pk", None),
        note=note,
        reference=reference,
    )


def save_movements(movements: list[StockMovement]) -> list[StockMovement]:
    return StockMovement.objects.bulk_create(movements)


def _single(stockrecord_id: int, reason: str, *, quantity: int, user, note: str, reference=""):
    note = check_text(note, label="Ghi chú", limit=255)
    with transaction.atomic():
        record = lock([stockrecord_id])[stockrecord_id]
        if quantity < 0 and -quantity > free_stock(record):
            raise StockError(
                f"{record_label(record)}: chỉ còn {max(free_stock(record), 0)} sản phẩm "
                f"chưa giữ cho đơn hàng, không đủ {-quantity}."
            )
        movement = apply(record, reason, quantity=quantity, user=user, note=note,
                         reference=reference)
        return save_movements([movement])[0]


def record_bulk_levels(
    *, created: Sequence[StockRecord], corrections: Sequence[tuple[StockRecord, int]]
) -> list[StockMovement]:
    """The movements of a bulk listing batch that has already written the levels of
    records it holds LOCKED (or has just created): opening stock of new records as
    "received", changed levels as "count correction". One insert, no per-row query."""
    movements = [
        StockMovement(stockrecord_id=record.pk, reason=Reason.RECEIVED,
                      quantity=record.num_in_stock, note=OPENING_NOTE)
        for record in created
        if record.num_in_stock
    ] + [
        StockMovement(stockrecord_id=record.pk, reason=Reason.COUNT_CORRECTION, quantity=delta)
        for record, delta in corrections
        if delta
    ]
    return save_movements(movements)


# --- services -------------------------------------------------------------------------


def receive(stockrecord_id: int, quantity: int, *, user, note: str = "") -> StockMovement:
    """Units delivered to the showroom."""
    check_quantity(quantity)
    return _single(stockrecord_id, Reason.RECEIVED, quantity=quantity, user=user, note=note)


def write_off(
    stockrecord_id: int, quantity: int, *, reason: str, user, note: str = ""
) -> StockMovement:
    """Units thrown away: ``reason`` is ``damaged`` or ``expired`` (best-before passed)."""
    check_quantity(quantity)
    if reason not in WRITE_OFF_REASONS:
        raise StockError("Lý do hủy hàng phải là hàng hư hỏng hoặc hàng hết hạn sử dụng.")
    return _single(stockrecord_id, reason, quantity=-quantity, user=user, note=note)


def count_correction(
    stockrecord_id: int, counted: int, *, user, note: str = ""
) -> StockMovement | None:
    """Set the level to what was counted on the shelf; ``None`` when it already matches."""
    check_quantity(counted, allow_zero=True)
    note = check_text(note, label="Ghi chú", limit=255)
    with transaction.atomic():
        record = lock([stockrecord_id])[stockrecord_id]
        held = record.num_allocated or 0
        if counted < held:
            raise StockError(
                f"{record_label(record)}: số đếm được ({counted}) thấp hơn số đang giữ cho "
                f"đơn hàng ({held}); hãy hủy giữ hàng trước khi điều chỉnh."
            )
        delta = counted - (record.num_in_stock or 0)
        if delta == 0:
            return None
        movement = apply(record, Reason.COUNT_CORRECTION, quantity=delta, user=user, note=note)
        return save_movements([movement])[0]


def transfer(
    from_stockrecord_id: int, to_stockrecord_id: int, quantity: int, *, user, note: str = ""
) -> tuple[StockMovement, StockMovement]:
    """Move units of one product between two showrooms: both sides or neither."""
    check_quantity(quantity)
    note = check_text(note, label="Ghi chú", limit=255)
    if from_stockrecord_id == to_stockrecord_id:
        raise StockError("Không thể chuyển hàng sang chính bản ghi tồn kho đó.")
    reference = f"CK-{uuid.uuid4().hex[:12].upper()}"
    with transaction.atomic():
        records = lock([from_stockrecord_id, to_stockrecord_id])
        source, target = records[from_stockrecord_id], records[to_stockrecord_id]
        if source.product_id != target.product_id:
            raise StockError("Chỉ chuyển được hàng giữa hai bản ghi của cùng một sản phẩm.")
        if source.partner_id == target.partner_id:
            raise StockError("Hai bản ghi tồn kho thuộc cùng một điểm bán.")
        if quantity > free_stock(source):
            raise StockError(
                f"{record_label(source)}: chỉ còn {max(free_stock(source), 0)} sản phẩm "
                f"có thể chuyển, không đủ {quantity}."
            )
        out = apply(source, Reason.TRANSFER_OUT, quantity=-quantity, user=user, note=note,
                    reference=reference)
        into = apply(target, Reason.TRANSFER_IN, quantity=quantity, user=user, note=note,
                     reference=reference)
        saved = save_movements([out, into])
    return saved[0], saved[1]


# --- counter sales ----------------------------------------------------------------------


@dataclass(frozen=True)
class SaleLine:
    stockrecord_id: int
    product_id: int
    title: str
    quantity: int
    unit_price: Decimal | None

    @property
    def total(self) -> Decimal:
        return (self.unit_price or Decimal(0)) * self.quantity


@dataclass(frozen=True)
class Sale:
    """A counter sale: its reference is on each of its movements."""

    reference: str
    created_at: object
    lines: tuple[SaleLine, ...]
    movements: tuple[StockMovement, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))


def unsellable_reason(product) -> str:
    """Why the counter may not sell this product as OCOP, in the certificate's words."""
    certificate = latest_certificate(product)
    if certificate is None:
        return "không còn chứng nhận OCOP hợp lệ: sản phẩm chưa có giấy chứng nhận OCOP"
    verdict = certificate_verdict(certificate)
    if verdict.valid:  # the certificate is fine: the product itself is unlisted
        return "sản phẩm đã ngừng bán"
    return f"không còn chứng nhận OCOP hợp lệ: {verdict.reason}"


def sell_in_store(lines: Sequence[tuple[int, int]], *, user, note: str = "") -> Sale:
    """Record a counter sale of ``(stockrecord_id, quantity)`` lines, all or nothing.

    Every record is locked (pk order) before anything is checked; if any line cannot
    be sold now (certificate, product or free stock) the whole sale is refused and
    ``StockError.reasons`` names each line that failed.
    """
    if not isinstance(lines, list | tuple) or not lines:
        raise StockError("Đơn bán không có sản phẩm nào.")
    if len(lines) > MAX_SALE_LINES:
        raise StockError(f"Một đơn bán có tối đa {MAX_SALE_LINES} dòng.")
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        if not isinstance(line, list | tuple) or len(line) != 2:
            raise StockError("Mỗi dòng bán gồm bản ghi tồn kho và số lượng.")
        pk, quantity = line
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise StockError("Mã bản ghi tồn kho không hợp lệ.")
        wanted[pk] += check_quantity(quantity)
    for quantity in wanted.values():
        check_quantity(quantity)
    note = check_text(note, label="Ghi chú", limit=255)
    reference = f"BH-{uuid.uuid4().hex[:12].upper()}"
    with transaction.atomic():
        records = lock(wanted)
        reasons = []
        for pk in sorted(wanted):
            record, quantity = records[pk], wanted[pk]
            if not product_is_sellable(record.product):
                reasons.append(f"{record.product.get_title()}: {unsellable_reason(record.product)}")
            elif quantity > free_stock(record):
                reasons.append(
                    f"{record.product.get_title()}: chỉ còn {max(free_stock(record), 0)} sản "
                    f"phẩm tại {record.partner.name}, không đủ {quantity}"
                )
        if reasons:
            raise StockError("Không thể ghi nhận đơn bán: " + "; ".join(reasons), reasons=reasons)
        movements = [
            apply(records[pk], Reason.SOLD_IN_STORE, quantity=-wanted[pk], user=user,
                  note=note, reference=reference)
            for pk in sorted(wanted)
        ]
        movements = save_movements(movements)
    sale_lines = tuple(
        SaleLine(
            stockrecord_id=pk,
            product_id=records[pk].product_id,
            title=records[pk].product.get_title(),
            quantity=wanted[pk],
            unit_price=records[pk].price,
        )
        for pk in sorted(wanted)
    )
    return Sale(reference=reference, created_at=movements[0].created_at, lines=sale_lines,
                movements=tuple(movements))


from .reservations import (  # noqa: E402  (re-exported: the checkout calls ledger.*)
    allocate_for_order,
    cancel_allocation,
    consume,
    consume_allocation,
    expire_reservations,
    release,
    reserve,
)

__all__ = [
    "StockError", "receive", "write_off", "count_correction", "transfer", "sell_in_store",
    "Sale", "SaleLine", "reserve", "release", "consume", "expire_reservations",
    "allocate_for_order", "consume_allocation", "cancel_allocation",
]
