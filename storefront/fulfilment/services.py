"""Order fulfilment, line by line: prepare, ship, deliver, make ready, collect, take
cash, hold, release, cancel.

Each showroom moves the lines its stock records fulfil (``shops.scoping``); head
office moves any line; tasks pass no user. Every action locks the order row first
(``storefront.checkout.locks``), then the stock records it touches in primary-key
order (``shops.locks``), re-reads the lines under those locks and moves only the
ones not yet moved: a double click or two staff at once change things once. Stock
goes through Oscar's ``Line.consume_allocation`` / ``cancel_allocation``, which the
forked ``StockRecord`` writes to the ledger (one movement per line).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.order.signals import order_line_status_changed
from oscar.core.loading import get_class, get_model

from shops import locks as stock_locks
from shops import scoping
from shops.ledger import StockError
from storefront.checkout import locks as order_locks
from storefront.checkout import refunds
from storefront.checkout import statuses as s
from storefront.shipping.methods import pickup_partner_id

from . import certificates
from .models import LineHold
from .order_status import decide_order_status, line_status, payment_method

EventHandler = get_class("order.processing", "EventHandler")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
ShippingEventType = get_model("order", "ShippingEventType")
PaymentEventType = get_model("order", "PaymentEventType")

MAX_REASON = 500

# Oscar shipping events recorded for each move (code, Vietnamese name).
EVENT_PREPARING = ("ocop-preparing", "Bắt đầu chuẩn bị")
EVENT_SHIPPED = ("ocop-shipped", "Giao cho đơn vị vận chuyển")
EVENT_DELIVERED = ("ocop-delivered", "Đã giao cho khách")
EVENT_READY = ("ocop-ready-for-pickup", "Sẵn sàng để khách nhận")
EVENT_COLLECTED = ("ocop-collected", "Khách đã nhận tại điểm bán")
EVENT_CANCELLED = ("ocop-cancelled", "Huỷ dòng hàng")
# Payment events of the money staff take (cards are recorded by Stripe's webhooks).
PAYMENT_COD = "Tiền mặt khi giao hàng (COD)"
PAYMENT_SHOWROOM = "Thanh toán tại điểm bán"


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


# --- helpers ----------------------------------------------------------------------------


def _clean(text) -> str:
    """One line of printable text (control characters, NUL included, become spaces)."""
    return " ".join("".join(c if ord(c) >= 32 else " " for c in str(text)).split())


def _reason(reason) -> str:
    if not isinstance(reason, str) or not _clean(reason):
        raise FulfilmentError(_("Vui lòng ghi lý do."))
    reason = _clean(reason)
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


def _lock(order, lines, user) -> tuple:
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


def _check_open(order) -> None:
    """Lines of an unpaid, payment-held, cancelled or refunded order do not move."""
    if order.status == s.PENDING_PAYMENT:
        raise FulfilmentError(_("Đơn hàng chưa được thanh toán: chưa thể xử lý."))
    if order.status in (s.CANCELLED, s.REFUNDED):
        raise FulfilmentError(_("Đơn hàng đã huỷ hoặc đã hoàn tiền."))
    if getattr(order, "held_by_payment", False):
        raise FulfilmentError(_("Đơn hàng đang bị tạm giữ để kiểm tra thanh toán (số tiền "
                                "không khớp hoặc khách khiếu nại): chưa thể xử lý."))


def _is_pickup(order) -> bool:
    return pickup_partner_id(order.shipping_code) is not None


def _lock_stock(lines) -> None:
    stock_locks.stockrecords_for_update(line.stockrecord_id for line in lines
                                        if line.stockrecord_id)


def _move(line, new_status: str) -> None:
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


def _shipping_event(order, lines, code_name, *, user, reference="") -> None:
    if lines:
        EventHandler(user).handle_shipping_event(
            order, _event_type(code_name), lines, [line.quantity for line in lines],
            reference=reference)


def _settle(order, every_line, *, user, note: str = "") -> None:
    """Set the order's status from its lines (the one rule) and note what happened."""
    new = decide_order_status(order, [line.status for line in every_line])
    if getattr(order, "held_by_payment", False) and new not in (s.CANCELLED, s.REFUNDED):
        new = s.ON_HOLD
    if new != order.status:
        if new in order.available_statuses():
            order.set_status(new)
        else:  # a status from before the pipeline: Oscar's set_status would refuse it
            old, order.status = order.status, new
            Order.objects.filter(pk=order.pk).update(status=new)
            order.status_changes.create(old_status=old, new_status=new)
    if note:
        OrderNote.objects.create(order=order, user=user if _is_user(user) else None,
                                 note_type=OrderNote.SYSTEM, message=note)


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _titles(lines) -> str:
    return ", ".join(f"“{line.title}”" for line in lines)


def _pick(chosen, explicit: bool, *, accept, done) -> tuple[list, list]:
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
            % {"lines": _titles(wrong),
               "status": ", ".join(sorted({_(line_status(line.status)) for line in wrong}))})
    return todo, skipped


def _hold(order, line, *, kind, reason, user) -> None:
    previous = line_status(line.status)
    _move(line, s.LINE_HELD)
    LineHold.objects.create(line=line, kind=kind, reason=reason[:MAX_REASON],
                            previous_status=previous,
                            created_by=user if _is_user(user) else None)


def _paid_by_card(order) -> bool:
    return payment_method(order) == "card" and refunds.amount_paid(order) > 0


# --- cancelling -------------------------------------------------------------------------


def cancel_lines(order, lines, *, reason: str, user=None) -> Outcome:
    """Cancel lines not yet handed over: their units go back to free stock, each line
    gets a "cancelled" shipping event and the order a note saying why. Lines already
    cancelled are skipped; a line already shipped or collected is refused.

    Money taken by card for the cancelled lines is refunded (``Outcome.refund``),
    after this transaction commits."""
    reason = _reason(reason)
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        todo, skipped = _pick(chosen, lines is not None,
                              accept=s.LINE_UNFULFILLED, done=(s.LINE_CANCELLED,))
        outcome = _cancel(order, every, todo, reason=reason, user=user)
        outcome.skipped = skipped
    _refund(outcome, reason=reason, user=user)
    return outcome


def cancel_order(order, *, reason: str, user=None) -> Outcome:
    """Cancel every line of an order nothing of which has been handed over yet (an
    unpaid card order, an uncollected pickup, head office's decision). Cancelling a
    cancelled order changes nothing. Showroom staff may cancel only orders whose
    every line is theirs."""
    reason = _reason(reason)
    with transaction.atomic():
        order, every, own = _lock(order, None, user)
        if len(own) != len(every):
            raise FulfilmentError(_("Đơn hàng có dòng của điểm bán khác: chỉ huỷ được từng "
                                    "dòng của điểm bán mình."))
        handed = [line for line in every if line_status(line.status) in s.LINE_HANDED_OVER]
        if handed:
            raise FulfilmentError(_("Không thể huỷ cả đơn: %(lines)s đã được giao. Hãy huỷ "
                                    "từng dòng còn lại.") % {"lines": _titles(handed)})
        todo = [line for line in every if line_status(line.status) != s.LINE_CANCELLED]
        outcome = _cancel(order, every, todo, reason=reason, user=user)
        outcome.skipped = [line for line in every if line not in todo]
        if not todo and order.status not in (s.CANCELLED, s.REFUNDED):
            _settle(order, every, user=user)  # an order with no line left
    _refund(outcome, reason=reason, user=user)
    return outcome


def _cancel(order, every, todo, *, reason, user) -> Outcome:
    outcome = Outcome(order=order)
    if not todo:
        return outcome
    paid = _paid_by_card(order)
    _lock_stock(todo)
    for line in todo:
        if line.stockrecord_id and line.num_allocated and not line.allocation_cancelled:
            line.cancel_allocation(line.num_allocated)
        if line_status(line.status) == s.LINE_HELD:
            LineHold.objects.filter(line=line, released_at__isnull=True).update(
                released_at=timezone.now(), released_by=user if _is_user(user) else None)
    _shipping_event(order, todo, EVENT_CANCELLED, user=user, reference=reason)
    for line in todo:
        _move(line, s.LINE_CANCELLED)
    outcome.moved = todo
    if paid:  # what is left to give back of each line (some may be refunded already)
        done = refunds.refunded_per_line(order)
        left = {line.pk: line.quantity - done.get(line.pk, (0, 0))[0] for line in todo}
        outcome.refund = {pk: units for pk, units in left.items() if units > 0}
    _settle(order, every, user=user,
            note=_("Huỷ %(lines)s: %(reason)s") % {"lines": _titles(todo), "reason": reason})
    return outcome


def _refund(outcome: Outcome, *, reason: str, user) -> None:
    """Give back by card what was taken for lines cancelled or held (after commit: a
    call to Stripe never runs under our row locks)."""
    if not outcome.refund:
        return
    try:
        refunds.refund_lines(outcome.order, quantities=dict(outcome.refund), reason=reason,
                             user=user)
    except refunds.RefundError as error:
        # Nothing left to give back (refunded already), or Stripe failed: staff see it
        # on the order and refund from its refund page.
        OrderNote.objects.create(order=outcome.order, note_type=OrderNote.SYSTEM, message=_(
            "Chưa hoàn tiền tự động cho các dòng đã huỷ: %(error)s") % {"error": error})
        outcome.refund_error = str(error)


# --- moving forward ---------------------------------------------------------------------


def start_preparing(order, lines=None, *, user=None) -> Outcome:
    """Staff start picking and packing lines."""
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        _check_open(order)
        todo, skipped = _pick(chosen, lines is not None, accept=(s.LINE_NEW,),
                              done=(s.LINE_PREPARING, s.LINE_READY, *s.LINE_HANDED_OVER))
        _shipping_event(order, todo, EVENT_PREPARING, user=user)
        for line in todo:
            _move(line, s.LINE_PREPARING)
        if todo:
            _settle(order, every, user=user)
        return Outcome(order=order, moved=todo, skipped=skipped)


def ready_for_pickup(order, lines=None, *, user=None) -> Outcome:
    """Click & collect lines are on the showroom's shelf: the shopper may come."""
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        _check_open(order)
        if not _is_pickup(order):
            raise FulfilmentError(_("Đơn giao tận nơi: không có bước chờ khách nhận."))
        todo, skipped = _pick(chosen, lines is not None, accept=(s.LINE_NEW, s.LINE_PREPARING),
                              done=(s.LINE_READY, s.LINE_COLLECTED))
        _shipping_event(order, todo, EVENT_READY, user=user)
        for line in todo:
            _move(line, s.LINE_READY)
        if todo:
            _settle(order, every, user=user,
                    note=_("Sẵn sàng để khách nhận: %(lines)s") % {"lines": _titles(todo)})
        return Outcome(order=order, moved=todo, skipped=skipped)


def ship(order, lines=None, *, user=None, reference: str = "") -> Outcome:
    """Hand home-delivery lines to the carrier: their reserved units leave stock.
    For cash on delivery the certificate is checked one last time: a line that may
    no longer be sold is held, not shipped."""
    reference = _clean(reference or "")[:128]
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        _check_open(order)
        if _is_pickup(order):
            raise FulfilmentError(_("Đơn nhận tại điểm bán: dùng “Khách đã nhận” khi khách "
                                    "đến lấy hàng."))
        todo, skipped = _pick(chosen, lines is not None, accept=(s.LINE_NEW, s.LINE_PREPARING),
                              done=(s.LINE_SHIPPED, s.LINE_DELIVERED))
        outcome = _hand_over(order, every, todo, event=EVENT_SHIPPED, status=s.LINE_SHIPPED,
                             user=user, reference=reference)
        outcome.skipped = skipped
        return outcome


def collect(order, lines=None, *, user=None) -> Outcome:
    """The shopper collected click & collect lines at the showroom: their units leave
    stock; for pay-at-showroom orders the money staff took is recorded as a payment
    event, after the last certificate check (a line that may no longer be sold is held,
    not handed over)."""
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        _check_open(order)
        if not _is_pickup(order):
            raise FulfilmentError(_("Đơn giao tận nơi: không nhận tại điểm bán."))
        todo, skipped = _pick(chosen, lines is not None,
                              accept=(s.LINE_NEW, s.LINE_PREPARING, s.LINE_READY),
                              done=(s.LINE_COLLECTED,))
        outcome = _hand_over(order, every, todo, event=EVENT_COLLECTED,
                             status=s.LINE_COLLECTED, user=user)
        outcome.skipped = skipped
        if outcome.moved and payment_method(order) == "showroom":
            _take_money(order, every, outcome.moved, PAYMENT_SHOWROOM, user=user)
        return outcome


def _hand_over(order, every, todo, *, event, status, user, reference="") -> Outcome:
    outcome = Outcome(order=order)
    if not todo:
        return outcome
    if payment_method(order) in ("cod", "showroom"):
        # Paid at handover: nothing is handed over that may no longer be sold.
        unsellable = certificates.unsellable_lines(todo)
        for line in todo:
            if line.pk in unsellable:
                reason = unsellable[line.pk]
                _hold(order, line, kind=LineHold.Kind.CERTIFICATE, reason=reason, user=user)
                outcome.held.append((line, reason))
        todo = [line for line in todo if line.pk not in unsellable]
    _lock_stock(todo)
    for line in todo:
        if line.stockrecord_id and line.num_allocated and not line.allocation_cancelled:
            try:
                line.consume_allocation(line.num_allocated)
            except StockError as error:
                raise FulfilmentError(str(error)) from error
    _shipping_event(order, todo, event, user=user, reference=reference)
    for line in todo:
        _move(line, status)
    outcome.moved = todo
    notes = []
    if todo:
        notes.append(_("%(event)s: %(lines)s") % {"event": _(event[1]), "lines": _titles(todo)})
    if outcome.held:
        notes.append(_("Tạm giữ, không giao: %(items)s") % {"items": "; ".join(
            f"“{line.title}”: {reason}" for line, reason in outcome.held)})
    _settle(order, every, user=user, note=" · ".join(notes))
    return outcome


def visits_done(order, lines, *, user=None) -> Outcome:
    """Experience lines whose visit is over (every voucher used, or closed after a
    paid visit date): the line is complete. Their places left stock voucher by
    voucher (``storefront.tourism``), so no stock moves here; lines already done,
    cancelled or held are left as they are."""
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, None)
        todo = [line for line in chosen if line_status(line.status)
                in (s.LINE_NEW, s.LINE_PREPARING, s.LINE_READY)]
        for line in todo:
            _move(line, s.LINE_COLLECTED)
        if todo:
            _settle(order, every, user=user, note=_("Chuyến tham quan đã xong: %(lines)s")
                    % {"lines": _titles(todo)})
        return Outcome(order=order, moved=todo)


def _take_money(order, every, lines, name: str, *, user) -> None:
    """One payment event for cash staff took for ``lines``; the shipping charge goes
    with the payment that settles the order's last unpaid line."""
    event_type, __ = PaymentEventType.objects.get_or_create(name=name)
    amount = sum((line.line_price_incl_tax for line in lines), Decimal(0))
    paid = {line.pk for line in every if line.payment_event_quantity(event_type)}
    open_lines = [line for line in every
                  if line_status(line.status) != s.LINE_CANCELLED and line.pk not in paid]
    if {line.pk for line in open_lines} <= {line.pk for line in lines}:
        amount += order.shipping_incl_tax or Decimal(0)
    reference = _("Nhân viên %(user)s") % {"user": user.get_username()} if _is_user(user) \
        else ""
    EventHandler(user).handle_payment_event(
        order, event_type, amount, lines, [line.quantity for line in lines],
        reference=reference)
    # The money is on the order's payment source too (what refunds may give back).
    source = order.sources.first()
    if source is not None:
        source.debit(amount, reference=reference)


def record_cash(order, lines=None, *, user=None) -> Outcome:
    """Cash on delivery: the carrier brought the money for shipped lines back. Records
    the cash as a payment event and the lines as delivered."""
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        if payment_method(order) != "cod":
            raise FulfilmentError(_("Chỉ đơn thanh toán khi nhận hàng (COD) mới ghi nhận tiền "
                                    "mặt từ người giao hàng."))
        return _delivered(order, every, chosen, explicit=lines is not None, user=user)


def deliver(order, lines=None, *, user=None) -> Outcome:
    """The carrier delivered shipped lines (cash on delivery: records the cash too)."""
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        return _delivered(order, every, chosen, explicit=lines is not None, user=user)


def _delivered(order, every, chosen, *, explicit: bool, user) -> Outcome:
    _check_open(order)
    todo, skipped = _pick(chosen, explicit, accept=(s.LINE_SHIPPED,), done=(s.LINE_DELIVERED,))
    outcome = Outcome(order=order, moved=todo, skipped=skipped)
    if not todo:
        return outcome
    cod = payment_method(order) == "cod"
    if cod:
        _take_money(order, every, todo, PAYMENT_COD, user=user)
    _shipping_event(order, todo, EVENT_DELIVERED, user=user)
    for line in todo:
        _move(line, s.LINE_DELIVERED)
    note = _("Đã nhận tiền COD cho %(lines)s") if cod else _("Đã giao cho khách: %(lines)s")
    _settle(order, every, user=user, note=note % {"lines": _titles(todo)})
    return outcome


# --- holds ------------------------------------------------------------------------------


def hold_lines(order, lines, *, reason: str, user=None,
               kind: str = LineHold.Kind.STAFF) -> Outcome:
    """Keep lines not yet handed over from handover, saying why."""
    reason = _reason(reason)
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        todo, skipped = _pick(chosen, lines is not None,
                              accept=(s.LINE_NEW, s.LINE_PREPARING, s.LINE_READY),
                              done=(s.LINE_HELD,))
        outcome = Outcome(order=order, skipped=skipped)
        for line in todo:
            _hold(order, line, kind=kind, reason=reason, user=user)
            outcome.held.append((line, reason))
        if todo:
            _settle(order, every, user=user, note=_("Tạm giữ %(lines)s: %(reason)s")
                    % {"lines": _titles(todo), "reason": reason})
        return outcome


def release_hold(order, lines=None, *, user=None) -> Outcome:
    """Put held lines back where they were. A line held because its product may no
    longer be sold stays held while that is still true."""
    with transaction.atomic():
        order, every, chosen = _lock(order, lines, user)
        if order.status in (s.CANCELLED, s.REFUNDED):
            raise FulfilmentError(_("Đơn hàng đã huỷ hoặc đã hoàn tiền."))
        todo, __ = _pick(chosen, lines is not None, accept=(s.LINE_HELD,), done=())
        holds = {h.line_id: h for h in LineHold.objects.filter(
            line__in=todo, released_at__isnull=True)}
        unsellable = certificates.unsellable_lines(todo)
        blocked = [line for line in todo if line.pk in unsellable]
        if blocked and lines is not None:
            raise FulfilmentError(_("Chưa thể bỏ giữ: %(items)s.") % {"items": "; ".join(
                f"“{line.title}”: {unsellable[line.pk]}" for line in blocked)})
        todo = [line for line in todo if line.pk not in unsellable]
        now = timezone.now()
        for line in todo:
            hold = holds.get(line.pk)
            back = hold.previous_status if hold and hold.previous_status != s.LINE_HELD \
                else s.LINE_NEW
            _move(line, back if back in s.LINE_PIPELINE[s.LINE_HELD] else s.LINE_NEW)
            if hold:
                hold.released_at, hold.released_by = now, user if _is_user(user) else None
                hold.save(update_fields=["released_at", "released_by"])
        if todo:
            _settle(order, every, user=user,
                    note=_("Bỏ tạm giữ: %(lines)s") % {"lines": _titles(todo)})
        return Outcome(order=order, moved=todo,
                       held=[(line, unsellable[line.pk]) for line in blocked])
