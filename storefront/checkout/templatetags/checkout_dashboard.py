"""``{% payments_panel order user %}``: an order's money on the dashboard's order page.

The card payment attempts (PaymentIntent ids and states), every payment event with
its time, refunds (requested or done, by whom) and disputes, and the refund button
for a user who may refund. Head office sees amounts; showroom staff see the state of
the payment and the refunds of their own lines only, never the order's money (it
includes other showrooms'). A fixed number of queries whatever the order's size.
"""

from django import template
from django.db.models import Prefetch, Sum

from shops import scoping
from storefront.checkout import refunds
from storefront.checkout.models import RefundLine

register = template.Library()


@register.inclusion_tag("checkout/dashboard/payments_panel.html")
def payments_panel(order, user):
    head_office = scoping.is_head_office(user)
    own_line_ids = None if head_office else set(
        scoping.staff_order_lines(user).filter(order=order).values_list("pk", flat=True))
    lines = RefundLine.objects.select_related("line").order_by("line_id")
    if own_line_ids is not None:
        lines = lines.filter(line_id__in=own_line_ids)
    refund_list = list(order.refunds.select_related("requested_by").prefetch_related(
        Prefetch("lines", queryset=lines, to_attr="shown_lines")).order_by("number"))
    if own_line_ids is not None:
        refund_list = [r for r in refund_list if r.shown_lines]
        for refund in refund_list:
            refund.shown_amount = sum(line.amount for line in refund.shown_lines)
    else:
        for refund in refund_list:
            refund.shown_amount = refund.amount
    events = list(order.payment_events.select_related("event_type").order_by("date_created",
                                                                               "pk"))
    disputes = [e for e in events if e.event_type.name == refunds.DISPUTE_EVENT]
    paid = refunds.amount_paid(order)
    refunded = refunds.amount_refunded(order)
    if head_office:
        may_refund = paid > refunded
    else:
        may_refund = bool(own_line_ids) and paid > refunded and (
            RefundLine.objects.filter(line_id__in=own_line_ids).exclude(
                refund__state="failed").aggregate(n=Sum("quantity"))["n"] or 0
        ) < sum(order.lines.filter(pk__in=own_line_ids).values_list("quantity", flat=True))
    return {
        "order": order,
        "head_office": head_office,
        "card_payments": list(order.card_payments.order_by("attempt")),
        "events": events if head_office else [],
        "disputes": disputes,
        "refunds": refund_list,
        "paid": paid,
        "refunded": refunded,
        "may_refund": may_refund,
    }
