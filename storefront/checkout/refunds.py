"""Refunds: money given back for a whole order or some units of its lines.

Card orders are refunded by Stripe against the order's PaymentIntent, with the
idempotency key ``ocop-refund-<order>-<n>`` of the n-th refund record. The refund is
*requested* when Stripe accepts the call and *done* when Stripe's ``charge.refunded``
event reports the money back (``charge_refunded``: the charge's cumulative
``amount_refunded`` minus what is already done, applied once whatever the order and
number of deliveries). Cash on delivery and pay at the showroom are refunded by staff
by hand and recorded as done at once.

What may still be refunded is what was paid (Oscar's ``Source.amount_debited``: the
card webhook, or staff recording cash) minus every refund requested or done, read
under the order's row lock; so partial refunds add up, never exceed the payment, and
a form submitted twice (same token) is one refund. When a Stripe call fails the whole
record rolls back: the retry gets the same number, hence the same key, and Stripe
answers it with the refund it may already have made.

The refund that completes every line also returns the delivery charge; when all that
was paid is refunded the order moves to REFUNDED (if its pipeline allows it: a
cancelled order stays cancelled).

Stripe may later fail a card refund (the card expired or was reported lost, the issuer
declined it…): ``refund_updated`` marks it FAILED with Stripe's reason, so its amount
and units may be refunded again, undoes what its completion did (the source's refunded
amount, the order's move to REFUNDED, the payment's REFUNDED state) and tells staff and
managers that the shopper must be paid another way.
"""

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.mail import mail_managers
from django.db import transaction
from django.db.models import F, Max, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from . import gateway, history, locks, statuses
from .models import CardPayment, Refund, RefundLine

logger = logging.getLogger("storefront.checkout")
OrderNote = get_model("order", "OrderNote")
OrderStatusChange = get_model("order", "OrderStatusChange")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
Source = get_model("payment", "Source")

REFUND_EVENT = "Hoàn tiền"
DISPUTE_EVENT = "Khiếu nại thanh toán"
REFUND_FAILED_EVENT = "Hoàn tiền thất bại"
CARD_SOURCE = "card"
ZERO = Decimal("0")


class RefundError(Exception):
    """A refund refused or not made; ``str()`` tells staff why, in Vietnamese."""


@dataclass(frozen=True)
class PlannedLine:
    line: object
    quantity: int
    amount: Decimal


@dataclass(frozen=True)
class RefundPlan:
    lines: tuple[PlannedLine, ...]
    amount: Decimal
    includes_shipping: bool


# --- reads -----------------------------------------------------------------------------


def amount_paid(order) -> Decimal:
    return order.sources.aggregate(paid=Sum("amount_debited"))["paid"] or ZERO


def amount_refunded(order, *, done_only: bool = False) -> Decimal:
    refunds = order.refunds.exclude(state=Refund.State.FAILED)
    if done_only:
        refunds = refunds.filter(state=Refund.State.DONE)
    return refunds.aggregate(total=Sum("amount"))["total"] or ZERO


def refunded_per_line(order) -> dict[int, tuple[int, Decimal]]:
    """line pk -> (units, money) of refunds requested or done."""
    rows = (RefundLine.objects.filter(refund__order=order)
            .exclude(refund__state=Refund.State.FAILED)
            .values("line_id").annotate(units=Sum("quantity"), money=Sum("amount")))
    return {row["line_id"]: (row["units"], row["money"]) for row in rows}


def is_card_order(order) -> bool:
    return order.sources.filter(source_type__code=CARD_SOURCE).exists()


def _vnd(amount) -> str:
    """12345678 → "12.345.678" (Vietnamese thousands separator), for notes and messages."""
    return f"{amount:,.0f}".replace(",", ".")


def _whole(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def refund_plan(order, quantities: dict[int, int] | None) -> RefundPlan:
    """What refunding ``quantities`` ({line pk: units}; None: everything not yet
    refunded) gives back. Raises ``RefundError`` with the reason when it may not."""
    paid = amount_paid(order)
    if paid <= 0:
        raise RefundError(_("Đơn hàng %(number)s chưa được thanh toán nên không có gì để "
                            "hoàn tiền.") % {"number": order.number})
    remaining_money = paid - amount_refunded(order)
    if remaining_money <= 0:
        raise RefundError(_("Đơn hàng %(number)s đã được hoàn tiền toàn bộ.")
                          % {"number": order.number})
    lines = {line.pk: line for line in order.lines.order_by("pk")}
    done = refunded_per_line(order)
    left = {pk: line.quantity - done.get(pk, (0, ZERO))[0] for pk, line in lines.items()}
    if quantities is None:
        wanted = {pk: units for pk, units in left.items() if units > 0}
    else:
        wanted = {}
        for pk, units in quantities.items():
            line = lines.get(pk)
            if line is None:
                raise RefundError(_("Dòng hàng không thuộc đơn hàng này."))
            if not isinstance(units, int) or isinstance(units, bool) or units < 0:
                raise RefundError(_("Số lượng hoàn tiền phải là số nguyên không âm."))
            if units > left[pk]:
                raise RefundError(
                    _("“%(title)s”: chỉ còn %(left)s sản phẩm có thể hoàn tiền.")
                    % {"title": line.title, "left": left[pk]})
            if units:
                wanted[pk] = units
        if not wanted:
            raise RefundError(_("Hãy chọn ít nhất một sản phẩm để hoàn tiền."))
    planned = []
    for pk, units in sorted(wanted.items()):
        line = lines[pk]
        if units == left[pk]:  # the last units take what is left of the line (no drift)
            money = line.line_price_incl_tax - done.get(pk, (0, ZERO))[1]
        else:
            money = _whole(line.line_price_incl_tax * units / line.quantity)
        planned.append(PlannedLine(line, units, money))
    complete = all(left[pk] == wanted.get(pk, 0) for pk in lines)
    amount = sum((p.amount for p in planned), ZERO)
    if complete:
        amount = remaining_money  # the delivery charge, and nothing left behind
    if amount > remaining_money:
        raise RefundError(
            _("Không thể hoàn %(amount)s ₫: vượt quá số tiền còn lại có thể hoàn "
              "(%(left)s ₫).") % {"amount": _vnd(amount), "left": _vnd(remaining_money)})
    if amount <= 0:
        raise RefundError(_("Số tiền hoàn phải lớn hơn 0."))
    return RefundPlan(tuple(planned), amount, complete)


# --- writes ----------------------------------------------------------------------------


def refund_lines(order, *, quantities: dict[int, int] | None, reason: str, user=None,
                 token: str = "", expected_amount: Decimal | None = None) -> Refund:
    """Refund units of an order's lines (None: everything not yet refunded).

    ``token`` (the confirmation form's) makes a repeated submission return the first
    refund; ``expected_amount`` (the amount staff confirmed) refuses a refund whose
    amount changed meanwhile. Card orders: requested at Stripe, done on
    ``charge.refunded``. Cash: done at once. Raises ``RefundError``.
    """
    reason = (reason or "").strip()[:500]
    if not reason:
        raise RefundError(_("Hãy ghi lý do hoàn tiền."))
    try:
        with transaction.atomic():
            locked = locks.order_for_update(number=order.number)
            if locked is None:
                raise RefundError(_("Không tìm thấy đơn hàng."))
            if token:
                earlier = locked.refunds.filter(token=token[:64]).first()
                if earlier is not None:
                    return earlier
            plan = refund_plan(locked, quantities)
            if expected_amount is not None and plan.amount != expected_amount:
                raise RefundError(_("Số tiền hoàn đã thay đổi (vừa có khoản hoàn tiền khác). "
                                    "Vui lòng xem lại và xác nhận lần nữa."))
            card = is_card_order(locked)
            payment = None
            if card:
                payment = locked.card_payments.filter(
                    state__in=(CardPayment.State.SUCCEEDED, CardPayment.State.REFUNDED)
                ).exclude(intent_id="").order_by("-attempt").first()
                if payment is None:
                    raise RefundError(_("Không tìm thấy khoản thanh toán thẻ của đơn này."))
            refund = _create(locked, plan=plan, reason=reason, user=user, token=token[:64],
                             method=Refund.Method.CARD if card else Refund.Method.CASH,
                             intent_id=payment.intent_id if payment else "")
            if not card:
                _complete(refund, reference=_("tiền mặt"))
                return refund
            answer = gateway.refund(
                intent_id=payment.intent_id, key=refund.idempotency_key,
                amount=gateway.vnd_amount(refund.amount),
                metadata={"order_number": locked.number, "refund": str(refund.number)})
            _stripe_answered(refund, answer)
            return refund
    except gateway.GatewayError as error:
        # Rolled back: nothing recorded, and the retry reuses this number and key.
        logger.warning("Refund of order %s failed at Stripe", order.number, exc_info=True)
        OrderNote.objects.create(order=order, note_type="System", message=_(
            "Yêu cầu hoàn tiền qua Stripe chưa thực hiện được: %(error)s")
            % {"error": error.__cause__ or error})
        raise RefundError(str(error)) from error


def refund_payment_whole(order, payment: CardPayment, *, reason: str) -> Refund:
    """Give back a whole card payment that may not be kept (it arrived after the order
    was cancelled, or a certificate lapsed before it): the money taken is recorded on
    the order's source, then refunded. Called with the order row locked; raises
    ``gateway.GatewayError`` (the webhook answers 500 and Stripe delivers again)."""
    key = f"refund-{payment.intent_id}-whole"
    existing = Refund.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    amount = Decimal(payment.amount)
    source = order.sources.filter(source_type__code=CARD_SOURCE).first()
    if source is not None:
        source.debit(amount, reference=payment.intent_id)
    lines = [PlannedLine(line, line.quantity, line.line_price_incl_tax)
             for line in order.lines.order_by("pk")]
    refund = _create(order, plan=RefundPlan(tuple(lines), amount, True), reason=reason,
                     user=None, token="", method=Refund.Method.CARD,
                     intent_id=payment.intent_id, key=key)
    answer = gateway.refund(intent_id=payment.intent_id, key=key,
                            metadata={"order_number": order.number,
                                      "refund": str(refund.number)})
    _stripe_answered(refund, answer)
    payment.state = CardPayment.State.REFUNDED
    payment.save(update_fields=["state", "updated_at"])
    return refund


def _create(order, *, plan: RefundPlan, reason, user, token, method, intent_id,
            key: str = "") -> Refund:
    number = (order.refunds.aggregate(n=Max("number"))["n"] or 0) + 1
    refund = Refund.objects.create(
        order=order, number=number, amount=plan.amount, method=method, reason=reason,
        intent_id=intent_id, idempotency_key=key or f"ocop-refund-{order.number}-{number}",
        token=token, requested_by=user if getattr(user, "pk", None) else None)
    RefundLine.objects.bulk_create([
        RefundLine(refund=refund, line=p.line, quantity=p.quantity, amount=p.amount)
        for p in plan.lines])
    return refund


def _stripe_answered(refund: Refund, answer) -> None:
    refund.stripe_refund_id = str(answer.id)[:255]
    if answer.status in ("failed", "canceled"):
        refund.state = Refund.State.FAILED
        refund.failure = str(getattr(answer, "failure_reason", "") or answer.status)[:255]
    refund.save(update_fields=["stripe_refund_id", "state", "failure"])
    who = refund.requested_by.get_username() if refund.requested_by else "hệ thống"
    OrderNote.objects.create(order=refund.order, note_type="System", message=(
        f"Đã yêu cầu Stripe hoàn {_vnd(refund.amount)} ₫ ({refund.stripe_refund_id}, "
        f"{who}): {refund.reason}"))


def _refund_event(order, refund: Refund, name: str, *, reference: str):
    """Oscar's payment event ``name`` for ``refund``'s amount, with its lines' units."""
    event_type, __ = PaymentEventType.objects.get_or_create(name=name)
    event = order.payment_events.create(event_type=event_type, amount=refund.amount,
                                        reference=reference[:128])
    PaymentEventQuantity.objects.bulk_create([
        PaymentEventQuantity(event=event, line_id=line.line_id, quantity=line.quantity)
        for line in refund.lines.all()])
    return event


def _complete(refund: Refund, *, reference: str) -> None:
    """Record a refund as done: Oscar's payment event (with the lines' units), the
    source's refunded amount, and the order REFUNDED once everything paid is back."""
    order = refund.order
    event = _refund_event(order, refund, REFUND_EVENT,
                          reference=refund.stripe_refund_id or reference)
    refund.state = Refund.State.DONE
    refund.completed_at = timezone.now()
    refund.payment_event = event
    refund.save(update_fields=["state", "completed_at", "payment_event"])
    source = order.sources.first()
    if source is not None:
        source.refund(refund.amount, reference=(refund.stripe_refund_id or reference)[:255])
    paid = amount_paid(order)
    if paid > 0 and amount_refunded(order, done_only=True) >= paid:
        order.card_payments.filter(state=CardPayment.State.SUCCEEDED).update(
            state=CardPayment.State.REFUNDED)
        move_order(order, statuses.REFUNDED,
                   _("Đã hoàn tiền toàn bộ đơn hàng (%(amount)s ₫).")
                   % {"amount": _vnd(paid)})
    else:
        OrderNote.objects.create(order=order, note_type="System", message=_(
            "Đã hoàn %(amount)s ₫ (lần %(n)s).") % {
                "amount": _vnd(refund.amount), "n": refund.number})


def move_order(order, status: str, note: str) -> bool:
    """Move the order to ``status`` if its pipeline allows it (Oscar's ``set_status``),
    recording the change and a note either way; returns whether it moved."""
    old = order.status
    moved = False
    if old != status and status in order.available_statuses():
        order.set_status(status)  # records the change itself
        moved = True
    OrderNote.objects.create(order=order, note_type="System", message=note)
    return moved


# --- Stripe events ----------------------------------------------------------------------


def charge_refunded(obj) -> str:
    """``charge.refunded``: ``amount_refunded`` is the charge's running total, so the
    difference with what is already done is applied, once, in any arrival order."""
    intent_id = str(obj.get("payment_intent") or "")
    cumulative = obj.get("amount_refunded")
    if not intent_id or not isinstance(cumulative, int) or isinstance(cumulative, bool):
        raise ValueError("charge without payment_intent or amount_refunded")
    if (obj.get("currency") or "").lower() != gateway.CURRENCY:
        return "ignored: not VND"
    payment = CardPayment.objects.filter(intent_id=intent_id).select_related("order").first()
    if payment is None:
        return "unknown intent"
    order = locks.order_for_update(number=payment.order.number)
    refunds = list(order.refunds.filter(intent_id=intent_id).order_by("number"))
    done = sum(int(r.amount) for r in refunds if r.state == Refund.State.DONE)
    delta = cumulative - done
    if delta <= 0:
        return "already recorded"
    listed = obj.get("refunds")
    stripe_ids = {str(r.get("id")) for r in listed.get("data", []) if isinstance(r, dict)
                  } if isinstance(listed, dict) else set()
    waiting = sorted((r for r in refunds if r.state == Refund.State.REQUESTED),
                     key=lambda r: (r.stripe_refund_id not in stripe_ids, r.number))
    completed = 0
    for refund in waiting:
        if int(refund.amount) <= delta:
            _complete(refund, reference=intent_id)
            delta -= int(refund.amount)
            completed += 1
    stale = _failed_since(refunds, delta, stripe_ids)
    if stale:
        # A running total taken before a refund failed still counts it (Stripe takes a
        # failed refund out of the charge's amount_refunded, but its events arrive in
        # any order): that part is no refund made outside the shop.
        delta -= stale
        logger.warning("Stripe: charge.refunded for %s counts %s VND of refunds since "
                       "failed", intent_id, stale)
        OrderNote.objects.create(order=order, note_type="System", message=_(
            "Stripe báo tổng đã hoàn %(total)s ₫ cho %(intent)s, trong đó %(stale)s ₫ là "
            "khoản hoàn tiền đã thất bại sau đó: phần này không được ghi nhận lại.") % {
                "total": _vnd(cumulative), "intent": intent_id, "stale": _vnd(stale)})
    if delta > 0:
        # Refunded at Stripe without a request from the shop (Stripe's dashboard).
        plan = RefundPlan((), Decimal(delta), False)
        outside = _create(order, plan=plan, reason=_("Hoàn tiền trực tiếp tại Stripe"),
                          user=None, token="", method=Refund.Method.CARD, intent_id=intent_id)
        _complete(outside, reference=str(obj.get("id", ""))[:128])
        mail_managers(f"Đơn {order.number}: hoàn tiền ngoài hệ thống",
                      f"Stripe báo đã hoàn thêm {delta} VND cho {intent_id} mà cửa hàng "
                      f"không yêu cầu.")
        return f"refunded: {completed} requested, {delta} from Stripe directly"
    if stale:
        return f"refunded: {completed} requested, {stale} of refunds since failed"
    return f"refunded: {completed} requested"


def _failed_since(refunds: list[Refund], delta: int, stripe_ids: set[str]) -> int:
    """How much of ``delta`` (what a charge.refunded total adds once the requested
    refunds are done) is refunds of this charge that failed since: those the event lists
    when it lists refunds, else a failed refund's amount (or all of them) matched
    exactly."""
    if delta <= 0:
        return 0
    failed = {r.stripe_refund_id: int(r.amount) for r in refunds
              if r.state == Refund.State.FAILED and r.stripe_refund_id}
    if not failed:
        return 0
    if stripe_ids:
        return min(delta, sum(amount for rid, amount in failed.items() if rid in stripe_ids))
    return delta if delta in {*failed.values(), sum(failed.values())} else 0


def dispute_created(obj) -> str:
    """``charge.dispute.created``: the shopper's bank disputes the payment. The order is
    held (unless already cancelled, refunded or completed), noted, and managers told."""
    intent_id = str(obj.get("payment_intent") or "")
    payment = CardPayment.objects.filter(intent_id=intent_id).select_related("order").first() \
        if intent_id else None
    if payment is None:
        logger.warning("Stripe: dispute %s for an unknown intent %s", obj.get("id"), intent_id)
        return "unknown intent"
    order = locks.order_for_update(number=payment.order.number)
    amount = obj.get("amount")
    reason = str(obj.get("reason") or "")[:64]
    dispute_id = str(obj.get("id") or "")[:128]
    event_type, __ = PaymentEventType.objects.get_or_create(name=DISPUTE_EVENT)
    order.payment_events.create(event_type=event_type, reference=dispute_id,
                                amount=Decimal(amount if isinstance(amount, int) else 0))
    note = (f"Ngân hàng của khách khiếu nại khoản thanh toán {intent_id} ({dispute_id}, "
            f"lý do: {reason or 'không rõ'}, {amount} VND): đơn được tạm giữ để xử lý.")
    if order.status in (statuses.CANCELLED, statuses.REFUNDED, statuses.COMPLETED):
        OrderNote.objects.create(order=order, note_type="System", message=note)
    else:  # a dispute holds any open order, whatever its step
        history.set_status(order, statuses.ON_HOLD, note)
    mail_managers(f"Đơn {order.number}: khách khiếu nại thanh toán", note)
    return "dispute: held"


# --- refunds Stripe fails later -----------------------------------------------------------

REFUND_FAILED_STATUSES = ("failed", "canceled")


def refund_updated(obj) -> str:
    """``refund.failed``, ``refund.updated`` and ``charge.refund.updated`` (Stripe's
    Refund object): a card refund Stripe could not make (``status`` "failed", or
    "canceled") is marked FAILED with Stripe's ``failure_reason``; other statuses are
    left to ``charge.refunded``. The refund is found by Stripe's id, else by the
    ``order_number`` and ``refund`` number its metadata names (what its idempotency key
    is made of) on the same PaymentIntent. Applied once: a refund already FAILED (the
    same failure in another event type, or delivered again) changes nothing."""
    refund_id, status = obj.get("id"), obj.get("status")
    if (obj.get("object") != "refund" or not isinstance(refund_id, str) or not refund_id
            or not isinstance(status, str) or not status):
        raise ValueError("refund without id or status")
    if status not in REFUND_FAILED_STATUSES:
        return f"ignored: refund {status[:32]}"
    found = _matching_refund(obj)
    if found is None:
        logger.warning("Stripe: refund %s (%s) matches no refund of the shop "
                       "(payment_intent %s, metadata %s): ignored", refund_id, status,
                       obj.get("payment_intent"), obj.get("metadata"))
        return "unknown refund"
    order = locks.order_for_update(number=found.order.number)
    refund = order.refunds.get(pk=found.pk)
    if refund.state == Refund.State.FAILED:
        return "already failed"
    reason = obj.get("failure_reason")
    reason = str(reason if isinstance(reason, str) and reason
                 else "canceled" if status == "canceled" else "unknown")[:255]
    if not refund.stripe_refund_id:
        refund.stripe_refund_id = refund_id[:255]
        refund.save(update_fields=["stripe_refund_id"])
    _fail(order, refund, reason)
    return f"refund failed: {refund.number}"


def _matching_refund(obj) -> Refund | None:
    refund_id = obj["id"][:255]
    cards = Refund.objects.filter(method=Refund.Method.CARD).select_related("order")
    refund = cards.filter(stripe_refund_id=refund_id).first()
    if refund is not None:
        return refund
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        return None
    number, nth = str(metadata.get("order_number") or ""), str(metadata.get("refund") or "")
    if not number or not (nth.isascii() and nth.isdigit() and len(nth) <= 5):
        return None
    refund = cards.filter(order__number=number, number=int(nth)).first()
    if (refund is None or refund.intent_id != str(obj.get("payment_intent") or "")
            or refund.stripe_refund_id not in ("", refund_id)):
        return None
    return refund


def failure_text(code: str) -> str:
    """Stripe's ``failure_reason`` in words (the active language)."""
    return render_to_string("checkout/refund_failure_reason.txt", {"code": code}).strip()


def _fail(order, refund: Refund, reason: str) -> None:
    """Mark ``refund`` FAILED and undo what it did (the order row is locked): a refund
    already done is taken back out of the source's refunded amount, with a payment
    event; the payment and the order leave REFUNDED if what is left no longer covers
    what was paid; a note on the order, and managers told."""
    was_done = refund.state == Refund.State.DONE
    refund.state = Refund.State.FAILED
    refund.failure = reason
    refund.completed_at = None
    refund.save(update_fields=["state", "failure", "completed_at"])
    if was_done:
        _refund_event(order, refund, REFUND_FAILED_EVENT, reference=refund.stripe_refund_id)
        source = order.sources.first()  # the source _complete gave the refund to
        if source is not None:
            Source.objects.filter(pk=source.pk).update(
                amount_refunded=F("amount_refunded") - refund.amount)
    left_on_intent = order.refunds.filter(intent_id=refund.intent_id).exclude(
        state=Refund.State.FAILED).aggregate(total=Sum("amount"))["total"] or ZERO
    for payment in order.card_payments.filter(intent_id=refund.intent_id,
                                              state=CardPayment.State.REFUNDED):
        if left_on_intent < payment.amount:
            payment.state = CardPayment.State.SUCCEEDED
            payment.save(update_fields=["state", "updated_at"])
    paid = amount_paid(order)
    with translation.override(settings.LANGUAGE_CODE):
        amount = _vnd(refund.amount)
        OrderNote.objects.create(order=order, note_type="System", message=_(
            "Stripe báo khoản hoàn tiền lần %(n)s (%(amount)s ₫, %(id)s) không thực hiện "
            "được: %(reason)s. Khoản tiền này được tính lại là chưa hoàn; cần liên hệ khách "
            "để hoàn tiền bằng cách khác.") % {
                "n": refund.number, "amount": amount, "id": refund.stripe_refund_id,
                "reason": failure_text(reason)})
        restored = ""
        if order.status == statuses.REFUNDED and amount_refunded(order, done_only=True) < paid:
            restored = _status_before_refunded(order)
            history.set_status(order, restored, _(
                "Đơn hàng trở lại trạng thái “%(status)s” vì khoản hoàn tiền lần %(n)s "
                "không thực hiện được.") % {"status": _(restored), "n": refund.number})
    _tell_managers(order, refund, amount=amount, restored=restored)


def _status_before_refunded(order) -> str:
    """The status the order had when a completed refund moved it to REFUNDED (REFUNDED
    has no way out in the pipeline, so it is set directly); held when unknown."""
    change = (OrderStatusChange.objects.filter(order=order, new_status=statuses.REFUNDED)
              .order_by("-date_created", "-pk").first())
    if change is None or not change.old_status or change.old_status == statuses.REFUNDED:
        return statuses.ON_HOLD
    return change.old_status


def _tell_managers(order, refund: Refund, *, amount: str, restored: str) -> None:
    """DJANGO_MANAGERS: the shopper must be paid another way. Vietnamese, then English."""
    address = order.shipping_address
    parts = []
    for language in ("vi", "en"):
        with translation.override(language):
            ctx = {"order": order, "refund": refund, "amount": amount,
                   "reason": failure_text(refund.failure),
                   "restored": _(restored) if restored else "",
                   "phone": getattr(address, "phone_number", "") or "",
                   "name": getattr(address, "name", "") or ""}
            parts.append((
                render_to_string("checkout/email/refund_failed_subject.txt", ctx).strip(),
                render_to_string("checkout/email/refund_failed_body.txt", ctx).strip()))
    mail_managers(f"{parts[0][0]} / {parts[1][0]}",
                  f"{parts[0][1]}\n\n-----\n\n{parts[1][1]}\n")
