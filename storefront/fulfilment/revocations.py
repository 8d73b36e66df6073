"""Holds when a certificate is revoked or suspended: every unfulfilled line of the
product (and of its variants) that may no longer be sold is held at once; a paid
card order's held lines are cancelled and their money refunded; an unpaid card
order is cancelled; the shopper is told which item and why."""

import logging

from django.db.models import Q
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.models import Product
from storefront.checkout import statuses as s

from . import notices
from .cancellation import cancel_lines, cancel_order, hold_lines, paid_by_card
from .certificates import unsellable_lines
from .models import LineHold
from .moves import TO_HAND_OVER, FulfilmentError, titles_with_reasons

logger = logging.getLogger("storefront.fulfilment")
Line = get_model("order", "Line")

_OPEN_ORDERS = (s.PENDING_PAYMENT, s.PAID, s.PREPARING, s.SHIPPING, s.AWAITING_PICKUP,
                s.ON_HOLD)


def lines_to_hold(product_ids) -> dict[int, list]:
    """{order pk: [lines]} not yet handed over of these products and their variants
    whose product may no longer be sold now."""
    products = Product.objects.filter(Q(pk__in=product_ids) | Q(parent_id__in=product_ids))
    lines = list(
        Line.objects.filter(product__in=products.values("pk"),
                            status__in=TO_HAND_OVER,
                            order__status__in=_OPEN_ORDERS)
        .select_related("product", "order").order_by("order_id", "pk"))
    unsellable = unsellable_lines(lines)
    by_order: dict[int, list] = {}
    for line in lines:
        if line.pk in unsellable:
            by_order.setdefault(line.order_id, []).append(line)
    return by_order


def hold_unsellable_lines(product_ids) -> int:
    """Hold (or cancel, see the module) every such line; returns how many were held.
    Run again, it finds nothing left to do."""
    held = 0
    for lines in lines_to_hold(product_ids).values():
        order = lines[0].order
        try:
            held += _hold_order_lines(order, lines)
        except FulfilmentError:  # moved meanwhile (cancelled, shipped): skip it
            logger.info("Order %s changed while its lines were being held", order.number)
    return held


def _hold_order_lines(order, lines) -> int:
    reasons = unsellable_lines(lines)
    by_reason: dict[str, list] = {}
    for line in lines:
        by_reason.setdefault(reasons[line.pk], []).append(line)
    if order.status == s.PENDING_PAYMENT:
        # Not paid yet, so nothing to give back; it can no longer be paid as it is.
        reason = titles_with_reasons(_pairs(lines, reasons))
        outcome = cancel_order(order, reason=_(
            "Huỷ đơn chưa thanh toán: %(items)s") % {"items": reason})
        if outcome.moved:
            notices.tell_shopper(order, _pairs(outcome.moved, reasons),
                                 cancelled=True, refunded=False)
        return 0
    moved = []
    for reason, group in by_reason.items():
        outcome = hold_lines(order, group, reason=reason, kind=LineHold.Kind.CERTIFICATE)
        moved += [line for line, __ in outcome.held]
    if not moved:
        return 0
    order.refresh_from_db()
    by_card = paid_by_card(order)
    if by_card:
        outcome = cancel_lines(order, moved, reason=_(
            "Hoàn tiền tự động: sản phẩm không còn được bán (chứng nhận OCOP) — %(items)s")
            % {"items": titles_with_reasons(_pairs(moved, reasons))})
        refunded = not outcome.refund_error
    else:
        refunded = False
    notices.tell_shopper(order, _pairs(moved, reasons),
                         cancelled=by_card, refunded=by_card and refunded,
                         refund_pending=by_card and not refunded)
    return len(moved)


def _pairs(lines, reasons):
    return [(line, reasons[line.pk]) for line in lines]
