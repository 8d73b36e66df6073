"""Reservations for checkout: reserve / release / consume units, idempotent by key.

A held reservation raises the record's ``num_allocated`` (a "reservation" movement);
releasing or expiring it lowers it again ("release"); consuming it removes the units
from stock and allocation ("online order" or "click & collect pickup").

Idempotency: the same key with the same stock record and quantity returns the stored
reservation without a second effect, whatever state it has reached; the same key with
another record or quantity (or another non-empty order number) is refused. A retried
call may compute a new ``expires_at``: the first one stays. Concurrent calls with one
key serialise on the key's unique index: the later one is rolled back whole and
answered with the stored reservation (or refused when its arguments differ).

Oscar's own ``StockRecord.allocate`` (called by ``OrderCreator``) becomes a held
reservation with an ``oscar:`` key and no expiry; its ``consume_allocation`` /
``cancel_allocation`` (``EventHandler``) take units from the record's held
reservations, those without expiry first, oldest first.
"""

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.apps.partner.exceptions import InvalidStockAdjustment

from . import locks
from .ledger import (
    StockError,
    apply,
    check_quantity,
    check_text,
    free_stock,
    lock,
    record_label,
    save_movements,
)
from .models import Reservation, StockMovement

Reason = StockMovement.Reason
State = Reservation.State
OSCAR_PREFIX = "oscar:"
CONSUME_REASONS = (Reason.ONLINE_ORDER, Reason.PICKUP)
EXPIRE_BATCH = 500


def _check_key(key) -> str:
    key = check_text(key, label="Khóa giữ hàng", limit=100)
    if not key:
        raise StockError("Thiếu khóa giữ hàng.")
    return key


def _same_request(reservation: Reservation, stockrecord_id: int, quantity: int,
                  order_number: str) -> Reservation:
    if (reservation.stockrecord_id, reservation.quantity) != (stockrecord_id, quantity) or (
        order_number and reservation.order_number and order_number != reservation.order_number
    ):
        raise StockError(
            f"Khóa giữ hàng “{reservation.key}” đã được dùng cho một yêu cầu khác "
            f"({reservation.quantity} sản phẩm, bản ghi #{reservation.stockrecord_id})."
        )
    return reservation


def reserve(
    stockrecord_id: int,
    quantity: int,
    *,
    key: str,
    expires_at: dt.datetime | None = None,
    order_number: str = "",
    user=None,
) -> Reservation:
    """Hold ``quantity`` free units of a record for a checkout or an order."""
    key = _check_key(key)
    if key.startswith(OSCAR_PREFIX):
        raise StockError(f"Khóa giữ hàng không được bắt đầu bằng “{OSCAR_PREFIX}”.")
    return _reserve(stockrecord_id, quantity, key=key, expires_at=expires_at,
                    order_number=order_number, user=user)


def _reserve(stockrecord_id, quantity, *, key, expires_at, order_number, user) -> Reservation:
    check_quantity(quantity)
    order_number = check_text(order_number, label="Số đơn hàng", limit=128)
    now = timezone.now()
    if expires_at is not None:
        if not isinstance(expires_at, dt.datetime) or timezone.is_naive(expires_at):
            raise StockError("Thời hạn giữ hàng phải là thời điểm có múi giờ.")
        if expires_at <= now:
            raise StockError("Thời hạn giữ hàng đã qua.")
    existing = Reservation.objects.filter(key=key).first()
    if existing is not None:
        return _same_request(existing, stockrecord_id, quantity, order_number)
    try:
        with transaction.atomic():
            record = lock([stockrecord_id])[stockrecord_id]
            if quantity > free_stock(record):
                # Expired holds matter only when they make the difference (a refusal
                # rolls their release back too: the periodic run then releases them).
                _expire_held(record, now)
            if quantity > free_stock(record):
                raise StockError(
                    f"{record_label(record)}: chỉ còn {max(free_stock(record), 0)} sản phẩm "
                    f"có thể giữ, không đủ {quantity}."
                )
            reservation = Reservation.objects.create(
                stockrecord_id=record.pk, key=key, quantity=quantity, expires_at=expires_at,
                order_number=order_number, created_at=now,
            )
            save_movements([
                apply(record, Reason.RESERVATION, allocated=quantity, user=user,
                      reference=order_number or key[:64])
            ])
            return reservation
    except IntegrityError:
        # The same key inserted at once by another call (for this record or another):
        # its unique index made us wait for that call and refused our row.
        existing = Reservation.objects.filter(key=key).first()
        if existing is None:
            raise
        return _same_request(existing, stockrecord_id, quantity, order_number)


def _expire_held(record, now) -> int:
    """Expire the locked record's held reservations whose time has passed, so that
    free stock is right even when the periodic expiry has not run yet."""
    stale = locks.reservations_for_update(
        stockrecord_id=record.pk, state=State.HELD, expires_at__lte=now
    )
    _finish(record, stale, State.EXPIRED, note="Hết thời hạn giữ hàng")
    return len(stale)


def _finish(record, reservations, state, *, user=None, note="", reason=None,
            reference="") -> list[StockMovement]:
    """Move locked held reservations of one locked record to ``state``."""
    if not reservations:
        return []
    total = sum(r.quantity for r in reservations)
    Reservation.objects.filter(pk__in=[r.pk for r in reservations]).update(
        state=state, updated_at=timezone.now()
    )
    for reservation in reservations:
        reservation.state = state
    if state == State.CONSUMED:
        movement = apply(record, reason, quantity=-total, allocated=-total, user=user,
                         note=note, reference=reference)
    else:
        movement = apply(record, Reason.RELEASE, allocated=-total, user=user, note=note,
                         reference=reference)
    return save_movements([movement])


def _locked_reservation(key: str) -> tuple:
    key = _check_key(key)
    stockrecord_id = (
        Reservation.objects.filter(key=key).values_list("stockrecord_id", flat=True).first()
    )
    if stockrecord_id is None:
        raise StockError(f"Không tìm thấy yêu cầu giữ hàng “{key}”.")
    record = lock([stockrecord_id])[stockrecord_id]
    (reservation,) = locks.reservations_for_update(key=key)
    return record, reservation


def release(key: str, *, user=None) -> Reservation:
    """Give held units back to free stock; a released or expired key stays as it is."""
    with transaction.atomic():
        record, reservation = _locked_reservation(key)
        if reservation.state == State.CONSUMED:
            raise StockError(
                f"Yêu cầu giữ hàng “{reservation.key}” đã được xuất kho, không thể hủy."
            )
        if reservation.state == State.HELD:
            _finish(record, [reservation], State.RELEASED, user=user,
                    reference=reservation.order_number or reservation.key[:64])
        return reservation


def consume(key: str, *, order_number: str = "", reason: str = Reason.ONLINE_ORDER,
            user=None) -> Reservation:
    """Hand the held units over (shipped order or click & collect pickup)."""
    order_number = check_text(order_number, label="Số đơn hàng", limit=128)
    if reason not in CONSUME_REASONS:
        raise StockError("Lý do xuất kho phải là đơn hàng trực tuyến hoặc khách nhận tại cửa hàng.")
    expired = False
    with transaction.atomic():
        record, reservation = _locked_reservation(key)
        _same_request(reservation, reservation.stockrecord_id, reservation.quantity,
                      order_number)
        if reservation.state == State.CONSUMED:
            return reservation
        if reservation.state == State.HELD:
            if reservation.expires_at and reservation.expires_at <= timezone.now():
                _finish(record, [reservation], State.EXPIRED, note="Hết thời hạn giữ hàng")
                expired = True
            else:
                if order_number and not reservation.order_number:
                    reservation.order_number = order_number
                    reservation.save(update_fields=["order_number", "updated_at"])
                _finish(record, [reservation], State.CONSUMED, user=user, reason=reason,
                        reference=reservation.order_number or reservation.key[:64])
                return reservation
    if expired or reservation.state == State.EXPIRED:
        raise StockError(f"Yêu cầu giữ hàng “{reservation.key}” đã hết thời hạn.")
    raise StockError(f"Yêu cầu giữ hàng “{reservation.key}” đã bị hủy.")


def expire_reservations(now: dt.datetime | None = None) -> int:
    """Expire every held reservation whose time has passed; returns how many."""
    now = now or timezone.now()
    done = 0
    while True:
        due = list(
            Reservation.objects.filter(state=State.HELD, expires_at__lte=now)
            .order_by("pk")
            .values_list("stockrecord_id", flat=True)[:EXPIRE_BATCH]
        )
        if not due:
            return done
        with transaction.atomic():
            for record in lock(set(due)).values():
                done += _expire_held(record, now)


# --- Oscar's two-stage stock model (OrderCreator, EventHandler) -------------------------


def allocate_for_order(stockrecord_id: int, quantity: int) -> Reservation:
    """``StockRecord.allocate``: hold units for an order Oscar is placing; refused
    (and the order with it) when the free stock is short."""
    return _reserve(stockrecord_id, quantity, key=f"{OSCAR_PREFIX}{uuid.uuid4().hex}",
                    expires_at=None, order_number="", user=None)


def _take_held(stockrecord_id: int, quantity: int, state: str, *, strict: bool) -> int:
    check_quantity(quantity)
    with transaction.atomic():
        record = lock([stockrecord_id])[stockrecord_id]
        held = locks.reservations_for_update(stockrecord_id=stockrecord_id, state=State.HELD)
        held.sort(key=lambda r: (r.expires_at is not None, r.expires_at or r.created_at, r.pk))
        available = sum(r.quantity for r in held)
        if available < quantity and strict:
            raise InvalidStockAdjustment("Không đủ số lượng đang giữ để xuất kho.")
        remaining, taken = min(quantity, available), []
        for reservation in held:
            if remaining == 0:
                break
            if reservation.quantity > remaining:
                reservation = _split(reservation, remaining)
            taken.append(reservation)
            remaining -= reservation.quantity
        _finish(record, taken, state, reason=Reason.ONLINE_ORDER)
        return sum(r.quantity for r in taken)


def _split(reservation: Reservation, take: int) -> Reservation:
    """Cut ``take`` units off a locked held reservation into a new held one."""
    reservation.quantity -= take
    reservation.save(update_fields=["quantity", "updated_at"])
    return Reservation.objects.create(
        stockrecord_id=reservation.stockrecord_id,
        key=f"{reservation.key[:80]}~{uuid.uuid4().hex[:12]}",
        quantity=take,
        expires_at=reservation.expires_at,
        order_number=reservation.order_number,
        created_at=reservation.created_at,
    )


def consume_allocation(stockrecord_id: int, quantity: int) -> int:
    """``StockRecord.consume_allocation``: an order line shipped."""
    return _take_held(stockrecord_id, quantity, State.CONSUMED, strict=True)


def cancel_allocation(stockrecord_id: int, quantity: int) -> int:
    """``StockRecord.cancel_allocation``: an order line cancelled (never more than held)."""
    return _take_held(stockrecord_id, quantity, State.RELEASED, strict=False)
