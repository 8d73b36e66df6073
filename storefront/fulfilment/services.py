"""Moving order lines forward, line by line: prepare, make ready, ship, deliver,
collect, take cash, and close experience lines whose visit is over. Cancelling and
holding lines live in ``cancellation``; what every action shares (the order and stock
locks, picking lines, moving them, settling the order's status) in ``moves``.

Each showroom moves the lines its stock records fulfil (``shops.scoping``); head
office moves any line; tasks pass no user. Stock goes through Oscar's
``Line.consume_allocation``, which the forked ``StockRecord`` writes to the ledger (one
movement per line).
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from shops.ledger import StockError
from storefront.checkout import statuses as s

from . import certificates
from .models import LineHold
from .moves import (
    EVENT_COLLECTED,
    EVENT_DELIVERED,
    EVENT_PREPARING,
    EVENT_READY,
    EVENT_SHIPPED,
    TO_HAND_OVER,
    FulfilmentError,
    Outcome,
    acting_user,
    check_open,
    clean,
    has_allocation,
    hold,
    lock_lines,
    lock_stock,
    move,
    move_lines,
    pick,
    settle,
    titles,
    titles_with_reasons,
)
from .order_status import line_status, payment_method
from .selectors import is_pickup

EventHandler = get_class("order.processing", "EventHandler")
PaymentEventType = get_model("order", "PaymentEventType")

# Payment events of the money staff take (cards are recorded by Stripe's webhooks).
PAYMENT_COD = "Tiền mặt khi giao hàng (COD)"
PAYMENT_SHOWROOM = "Thanh toán tại điểm bán"


def start_preparing(order, lines=None, *, user=None) -> Outcome:
    """Staff start picking and packing lines."""
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, user)
        check_open(order)
        todo, skipped = pick(chosen, lines is not None, accept=(s.LINE_NEW,),
                             done=(s.LINE_PREPARING, s.LINE_READY, *s.LINE_HANDED_OVER))
        move_lines(order, todo, s.LINE_PREPARING, event=EVENT_PREPARING, user=user)
        if todo:
            settle(order, every, user=user)
        return Outcome(order=order, moved=todo, skipped=skipped)


def ready_for_pickup(order, lines=None, *, user=None) -> Outcome:
    """Click & collect lines are on the showroom's shelf: the shopper may come."""
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, user)
        check_open(order)
        if not is_pickup(order):
            raise FulfilmentError(_("Đơn giao tận nơi: không có bước chờ khách nhận."))
        todo, skipped = pick(chosen, lines is not None, accept=(s.LINE_NEW, s.LINE_PREPARING),
                             done=(s.LINE_READY, s.LINE_COLLECTED))
        move_lines(order, todo, s.LINE_READY, event=EVENT_READY, user=user)
        if todo:
            settle(order, every, user=user,
                   note=_("Sẵn sàng để khách nhận: %(lines)s") % {"lines": titles(todo)})
        return Outcome(order=order, moved=todo, skipped=skipped)


def ship(order, lines=None, *, user=None, reference: str = "") -> Outcome:
    """Hand home-delivery lines to the carrier: their reserved units leave stock.
    For cash on delivery the certificate is checked one last time: a line that may
    no longer be sold is held, not shipped."""
    reference = clean(reference or "")[:128]
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, user)
        check_open(order)
        if is_pickup(order):
            raise FulfilmentError(_("Đơn nhận tại điểm bán: dùng “Khách đã nhận” khi khách "
                                    "đến lấy hàng."))
        todo, skipped = pick(chosen, lines is not None, accept=(s.LINE_NEW, s.LINE_PREPARING),
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
        order, every, chosen = lock_lines(order, lines, user)
        check_open(order)
        if not is_pickup(order):
            raise FulfilmentError(_("Đơn giao tận nơi: không nhận tại điểm bán."))
        todo, skipped = pick(chosen, lines is not None,
                             accept=TO_HAND_OVER, done=(s.LINE_COLLECTED,))
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
                hold(line, kind=LineHold.Kind.CERTIFICATE, reason=reason, user=user)
                outcome.held.append((line, reason))
        todo = [line for line in todo if line.pk not in unsellable]
    lock_stock(todo)
    for line in todo:
        if has_allocation(line):
            try:
                line.consume_allocation(line.num_allocated)
            except StockError as error:
                raise FulfilmentError(str(error)) from error
    move_lines(order, todo, status, event=event, user=user, reference=reference)
    outcome.moved = todo
    notes = []
    if todo:
        notes.append(_("%(event)s: %(lines)s") % {"event": _(event[1]), "lines": titles(todo)})
    if outcome.held:
        notes.append(_("Tạm giữ, không giao: %(items)s")
                     % {"items": titles_with_reasons(outcome.held)})
    settle(order, every, user=user, note=" · ".join(notes))
    return outcome


def visits_done(order, lines, *, user=None) -> Outcome:
    """Experience lines whose visit is over (every voucher used, or closed after a
    paid visit date): the line is complete. Their places left stock voucher by
    voucher (``storefront.tourism``), so no stock moves here; lines already done,
    cancelled or held are left as they are."""
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, None)
        todo = [line for line in chosen if line_status(line.status) in TO_HAND_OVER]
        for line in todo:
            move(line, s.LINE_COLLECTED)
        if todo:
            settle(order, every, user=user, note=_("Chuyến tham quan đã xong: %(lines)s")
                   % {"lines": titles(todo)})
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
    reference = _("Nhân viên %(user)s") % {"user": user.get_username()} if acting_user(user) \
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
        order, every, chosen = lock_lines(order, lines, user)
        if payment_method(order) != "cod":
            raise FulfilmentError(_("Chỉ đơn thanh toán khi nhận hàng (COD) mới ghi nhận tiền "
                                    "mặt từ người giao hàng."))
        return _delivered(order, every, chosen, explicit=lines is not None, user=user)


def deliver(order, lines=None, *, user=None) -> Outcome:
    """The carrier delivered shipped lines (cash on delivery: records the cash too)."""
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, user)
        return _delivered(order, every, chosen, explicit=lines is not None, user=user)


def _delivered(order, every, chosen, *, explicit: bool, user) -> Outcome:
    check_open(order)
    todo, skipped = pick(chosen, explicit, accept=(s.LINE_SHIPPED,), done=(s.LINE_DELIVERED,))
    outcome = Outcome(order=order, moved=todo, skipped=skipped)
    if not todo:
        return outcome
    cod = payment_method(order) == "cod"
    if cod:
        _take_money(order, every, todo, PAYMENT_COD, user=user)
    move_lines(order, todo, s.LINE_DELIVERED, event=EVENT_DELIVERED, user=user)
    note = _("Đã nhận tiền COD cho %(lines)s") if cod else _("Đã giao cho khách: %(lines)s")
    settle(order, every, user=user, note=note % {"lines": titles(todo)})
    return outcome
