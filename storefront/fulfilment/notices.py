"""What the shopper is told when lines of their order are held or cancelled."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from oscar.core.loading import get_model

OrderNote = get_model("order", "OrderNote")


def tell_shopper(order, items, *, cancelled: bool, refunded: bool,
                 refund_pending: bool = False) -> None:
    """An e-mail (Vietnamese, then English) and a note on the order, naming each item
    and why. ``items``: (line, reason) pairs."""
    _send(order, "lines_held", {"order": order, "items": items, "cancelled": cancelled,
                                "refunded": refunded, "refund_pending": refund_pending})


def tell_uncollected(order, outcome) -> None:
    """The shopper did not come: the order is cancelled (card money refunded)."""
    _send(order, "uncollected", {
        "order": order, "lines": outcome.moved,
        "refunded": bool(outcome.refund) and not outcome.refund_error,
        "refund_pending": bool(outcome.refund_error), "days": outcome_days()})


def _send(order, template: str, ctx: dict) -> None:
    """Render ``fulfilment/emails/<template>_subject.txt``/``_body.txt``, note on the
    order that the shopper was told, and e-mail them (guests and members alike)."""
    with translation.override("vi"):
        subject = render_to_string(f"fulfilment/emails/{template}_subject.txt", ctx).strip()
        body = render_to_string(f"fulfilment/emails/{template}_body.txt", ctx)
    OrderNote.objects.create(order=order, note_type=OrderNote.SYSTEM,
                             message=f"Đã báo khách: {subject}")
    if order.email:
        send_mail(subject, body, settings.OSCAR_FROM_EMAIL, [order.email])


def outcome_days() -> int:
    from .selectors import collect_days

    return collect_days()
