"""What every fulfilment action shares: its error and outcome, the order lock, which
chosen lines to move, moving a line, its shipping event, holding it, and setting the
order's status from its lines afterwards.

Every action locks the order row first (``storefront.checkout.locks``), then the stock
records it touches in primary-key order (``shops.locks``), re-reads the lines under
those locks and moves only the ones not yet moved: a double click or two staff at once
change things once. Both locks are taken here only (``lock_lines``, ``lock_stock``).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from oscar.apps.order.signals import order_line_status_changed
from oscar.core.loading import get_class, get_model

from shops import locks as stock_locks
from shops import scoping
from storefront.checkout import history
from storefront.checkout import locks as order_locks
from storefront.checkout import statuses as s

from .models import LineHold
from .order_status import decide_order_status, line_status

EventHandler = get_class("order.processing", "EventHandler")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
ShippingEventType = get_model("order", "ShippingEventType")

MAX_REASON = 500

# Oscar shipping events recorded for each move (code, Vietnamese name).
EVENT_PREPARING = ("ocop-preparing", "Bắt đầu chuẩn bị")
EVENT_SHIPPED = ("ocop-shipped", "Giao cho đơn vị vận chuyển")
EVENT_DELIVERED = ("ocop-delivered", "Đã giao cho khách")
EVENT_READY = ("ocop-ready-for-pickup", "Sẵn sàng để khách nhận")
EVENT_COLLECTED = ("ocop-collected", "Khách đã nhận tại điểm bán")
EVENT_CANCELLED = ("ocop-cancelled", "Huỷ dòng hàng")

# Lines not handed over yet and not held: they may still be handed over, or held.
TO_HAND_OVER = (s.LINE_NEW, s.LINE_PREPARING, s.LINE_READY)


class FulfilmentError(ValueError):
    """An action refused; ``str()`` says why in Vietnamese. Nothing was changed."""


@dataclass
class Outcome:
    """What one action did: lines ``moved``, lines ``skipped`` (already there),
    lines ``held`` instead of handed over (with the reason) and the order's status."""

    order: object
    moved: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    held: list = field(default_factory=list)  # (line, reason)
    refund: dict = field(default_factory=dict)  # {line pk: units} to give back by card
    refund_error: str = ""

    @property
    def status(self) -> str:
        return self.order.status


def clean(text) -> str:
    """One line of printable text (control characters, NUL included, become spaces)."""
    return " ".join("".join(c if ord(c) >= 32 else " " for c in str(text)).split())


def valid_reason(reason) -> str:
    """The reason staff gave, cleaned; refused when missing or too long."""
    if not isinstance(reason, str) or not clean(reason):
        raise FulfilmentError(_("Vui lòng ghi lý do."))
    reason = clean(reason)
    if len(reason) > MAX_REASON:
        raise FulfilmentError(_("Lý do quá dài (tối đa %(n)s ký tự).") % {"n": MAX_REASON})
    return reason


def _line_ids(lines) -> set[int] | None:
    if lines is None:
        return None
    ids = set()
    for line in lines:
        pk = getattr(line, "pk", line)
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise FulfilmentError(_("Dòng hàng không hợp lệ."))
        ids.add(pk)
    if not ids:
        raise FulfilmentError(_("Chưa chọn dòng hàng nào."))
    return ids


def lock_lines(order, lines, user) -> tuple:
    """Lock the order row and return (order, its lines the user may move, chosen ones).

    ``lines`` None means every line the user may move. Lines of another order or of
    another showroom are refused (the views answer 404 before getting here)."""
    number = getattr(order, "number", order)
    locked = order_locks.order_for_update(number=str(number))
    if locked is None:
        raise FulfilmentError(_("Không tìm thấy đơn hàng."))
    wanted = _line_ids(lines)
    every = list(Line.objects.filter(order=locked).select_related("product", "stockrecord")
                 .order_by("pk"))
    # Held as a whole (amount mismatch, a disputed payment), not because of a line:
    # moving lines must not lift that hold.
    locked.held_by_payment = locked.status == s.ON_HOLD and not any(
        line_status(line.status) == s.LINE_HELD for line in every)
    own = every
    if user is not None and not scoping.is_head_office(user):
        partners = set(scoping.staff_showrooms(user).values_list("pk", flat=True))
        own = [line for line in every if line.partner_id in partners]
    if wanted is None:
        return locked, every, own
    by_pk = {line.pk: line for line in own}
    if not wanted <= set(by_pk):
        raise FulfilmentError(_("Dòng hàng không thuộc đơn này hoặc không thuộc điểm bán "
                                "của bạn."))
    return locked, every, [by_pk[pk] for pk in sorted(wanted)]


def lock_stock(lines) -> None:
    """Lock the stock records of ``lines`` (after the order row, in pk order)."""
    stock_locks.stockrecords_for_update(line.stockrecord_id for line in lines
                                        if line.stockrecord_id)


def has_allocation(line) -> bool:
    """Whether units of the line are still reserved in its stock record."""
    return bool(line.stockrecord_id and line.num_allocated and not line.allocation_cancelled)


def check_open(order) -> None:
    """Lines of an unpaid, payment-held, cancelled or refunded order do not move."""
    if order.status == s.PENDING_PAYMENT:
        raise FulfilmentError(_("Đơn hàng chưa được thanh toán: chưa thể xử lý."))
    if order.status in (s.CANCELLED, s.REFUNDED):
        raise FulfilmentError(_("Đơn hàng đã huỷ hoặc đã hoàn tiền."))
    if getattr(order, "held_by_payment", False):
        raise FulfilmentError(_("Đơn hàng đang bị tạm giữ để kiểm tra thanh toán (số tiền "
                                "không khớp hoặc khách khiếu nại): chưa thể xử lý."))


def move(line, new_status: str) -> None:
    """Move one line along the pipeline, refusing a step it does not allow."""
    old = line_status(line.status)
    if new_status not in s.LINE_PIPELINE[old]:
        raise FulfilmentError(
            _("Dòng “%(title)s” đang ở trạng thái “%(old)s”, không thể chuyển sang “%(new)s”.")
            % {"title": line.title, "old": _(old), "new": _(new_status)})
    Line.objects.filter(pk=line.pk).update(status=new_status)
    previous, line.status = line.status, new_status
    order_line_status_changed.send(sender=line, line=line, old_status=previous,
                                   new_status=new_status)


def _event_type(code_name) -> object:
    code, name = code_name
    event_type, __ = ShippingEventType.objects.get_or_create(code=code, defaults={"name": name})
    return event_type


def move_lines(order, lines, new_status: str, *, event, user, reference="") -> None:
    """Record one Oscar shipping ``event`` (an ``EVENT_*``) for ``lines``, if any, then
    move each of them to ``new_status``."""
    if lines:
        EventHandler(user).handle_shipping_event(
            order, _event_type(event), lines, [line.quantity for line in lines],
            reference=reference)
    for line in lines:
        move(line, new_status)


def acting_user(user):
    """The signed-in user behind an action, or None (a task, an anonymous request)."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def settle(order, every_line, *, user, note: str = "") -> None:
    """Set the order's status from its lines (the one rule) and note what happened."""
    new = decide_order_status(order, [line.status for line in every_line])
    if getattr(order, "held_by_payment", False) and new not in (s.CANCELLED, s.REFUNDED):
        new = s.ON_HOLD
    if new != order.status:
        if new in order.available_statuses():
            order.set_status(new)
        else:  # a status from before the pipeline: Oscar's set_status would refuse it
            history.set_status(order, new)
    if note:
        OrderNote.objects.create(order=order, user=acting_user(user),
                                 note_type=OrderNote.SYSTEM, message=note)


def titles(lines) -> str:
    """“Title”, “Title” of the lines, for notes and messages."""
    return ", ".join(f"“{line.title}”" for line in lines)


def titles_with_reasons(pairs) -> str:
    """“Title”: reason; … of (line, reason) pairs, for notes and messages."""
    return "; ".join(f"“{line.title}”: {reason}" for line, reason in pairs)


def pick(chosen, explicit: bool, *, accept, done) -> tuple[list, list]:
    """(lines to move, lines already done). Chosen explicitly, a line in neither set is
    refused; chosen as "all my lines", it is left alone."""
    todo, skipped, wrong = [], [], []
    for line in chosen:
        current = line_status(line.status)
        if current in done:
            skipped.append(line)
        elif current in accept:
            todo.append(line)
        else:
            wrong.append(line)
    if wrong and explicit:
        raise FulfilmentError(
            _("Không thể thực hiện với %(lines)s (trạng thái hiện tại: %(status)s).")
            % {"lines": titles(wrong),
               "status": ", ".join(sorted({_(line_status(line.status)) for line in wrong}))})
    return todo, skipped


def hold(line, *, kind, reason, user) -> None:
    """Hold one line, remembering why and where it was (to put it back there)."""
    previous = line_status(line.status)
    move(line, s.LINE_HELD)
    LineHold.objects.create(line=line, kind=kind, reason=reason[:MAX_REASON],
                            previous_status=previous, created_by=acting_user(user))
