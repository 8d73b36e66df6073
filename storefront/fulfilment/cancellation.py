"""Taking lines out of fulfilment: cancel lines or a whole order (units back to free
stock, card money refunded after commit), hold lines from handover and release them.

Locks and line moves go through ``moves`` like every other action."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront.checkout import refunds
from storefront.checkout import statuses as s

from . import certificates
from .models import LineHold
from .moves import (
    EVENT_CANCELLED,
    TO_HAND_OVER,
    FulfilmentError,
    Outcome,
    acting_user,
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
    valid_reason,
)
from .order_status import line_status, payment_method

OrderNote = get_model("order", "OrderNote")


def paid_by_card(order) -> bool:
    """Whether money was taken by card for the order (cancelling gives it back)."""
    return payment_method(order) == "card" and refunds.amount_paid(order) > 0


# --- cancelling -------------------------------------------------------------------------


def cancel_lines(order, lines, *, reason: str, user=None) -> Outcome:
    """Cancel lines not yet handed over: their units go back to free stock, each line
    gets a "cancelled" shipping event and the order a note saying why. Lines already
    cancelled are skipped; a line already shipped or collected is refused.

    Money taken by card for the cancelled lines is refunded (``Outcome.refund``),
    after this transaction commits."""
    reason = valid_reason(reason)
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, user)
        todo, skipped = pick(chosen, lines is not None,
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
    reason = valid_reason(reason)
    with transaction.atomic():
        order, every, own = lock_lines(order, None, user)
        if len(own) != len(every):
            raise FulfilmentError(_("Đơn hàng có dòng của điểm bán khác: chỉ huỷ được từng "
                                    "dòng của điểm bán mình."))
        handed = [line for line in every if line_status(line.status) in s.LINE_HANDED_OVER]
        if handed:
            raise FulfilmentError(_("Không thể huỷ cả đơn: %(lines)s đã được giao. Hãy huỷ "
                                    "từng dòng còn lại.") % {"lines": titles(handed)})
        todo = [line for line in every if line_status(line.status) != s.LINE_CANCELLED]
        outcome = _cancel(order, every, todo, reason=reason, user=user)
        outcome.skipped = [line for line in every if line not in todo]
        if not todo and order.status not in (s.CANCELLED, s.REFUNDED):
            settle(order, every, user=user)  # an order with no line left
    _refund(outcome, reason=reason, user=user)
    return outcome


def _cancel(order, every, todo, *, reason, user) -> Outcome:
    outcome = Outcome(order=order)
    if not todo:
        return outcome
    paid = paid_by_card(order)
    lock_stock(todo)
    for line in todo:
        if has_allocation(line):
            line.cancel_allocation(line.num_allocated)
        if line_status(line.status) == s.LINE_HELD:
            LineHold.objects.filter(line=line, released_at__isnull=True).update(
                released_at=timezone.now(), released_by=acting_user(user))
    move_lines(order, todo, s.LINE_CANCELLED, event=EVENT_CANCELLED, user=user,
               reference=reason)
    outcome.moved = todo
    if paid:  # what is left to give back of each line (some may be refunded already)
        done = refunds.refunded_per_line(order)
        left = {line.pk: line.quantity - done.get(line.pk, (0, 0))[0] for line in todo}
        outcome.refund = {pk: units for pk, units in left.items() if units > 0}
    settle(order, every, user=user,
           note=_("Huỷ %(lines)s: %(reason)s") % {"lines": titles(todo), "reason": reason})
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


# --- holds ------------------------------------------------------------------------------


def hold_lines(order, lines, *, reason: str, user=None,
               kind: str = LineHold.Kind.STAFF) -> Outcome:
    """Keep lines not yet handed over from handover, saying why."""
    reason = valid_reason(reason)
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, user)
        todo, skipped = pick(chosen, lines is not None, accept=TO_HAND_OVER,
                             done=(s.LINE_HELD,))
        outcome = Outcome(order=order, skipped=skipped)
        for line in todo:
            hold(line, kind=kind, reason=reason, user=user)
            outcome.held.append((line, reason))
        if todo:
            settle(order, every, user=user, note=_("Tạm giữ %(lines)s: %(reason)s")
                   % {"lines": titles(todo), "reason": reason})
        return outcome


def release_hold(order, lines=None, *, user=None) -> Outcome:
    """Put held lines back where they were. A line held because its product may no
    longer be sold stays held while that is still true."""
    with transaction.atomic():
        order, every, chosen = lock_lines(order, lines, user)
        if order.status in (s.CANCELLED, s.REFUNDED):
            raise FulfilmentError(_("Đơn hàng đã huỷ hoặc đã hoàn tiền."))
        todo, __ = pick(chosen, lines is not None, accept=(s.LINE_HELD,), done=())
        holds = {h.line_id: h for h in LineHold.objects.filter(
            line__in=todo, released_at__isnull=True)}
        unsellable = certificates.unsellable_lines(todo)
        blocked = [line for line in todo if line.pk in unsellable]
        if blocked and lines is not None:
            raise FulfilmentError(_("Chưa thể bỏ giữ: %(items)s.") % {
                "items": titles_with_reasons((line, unsellable[line.pk]) for line in blocked)})
        todo = [line for line in todo if line.pk not in unsellable]
        now = timezone.now()
        for line in todo:
            held = holds.get(line.pk)
            back = held.previous_status if held and held.previous_status != s.LINE_HELD \
                else s.LINE_NEW
            move(line, back if back in s.LINE_PIPELINE[s.LINE_HELD] else s.LINE_NEW)
            if held:
                held.released_at, held.released_by = now, acting_user(user)
                held.save(update_fields=["released_at", "released_by"])
        if todo:
            settle(order, every, user=user,
                   note=_("Bỏ tạm giữ: %(lines)s") % {"lines": titles(todo)})
        return Outcome(order=order, moved=todo,
                       held=[(line, unsellable[line.pk]) for line in blocked])
