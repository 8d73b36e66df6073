"""The order confirmation e-mail (vi/en): each item with the certificate it was sold
under and an absolute link to verify it, in the shopper's language at checkout."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class

from catalogue.links import absolute_url

from .payment_methods import METHODS
from .selectors import confirmation_lines

OrderDispatcher = get_class("order.utils", "OrderDispatcher")


def status_link(order, request) -> str:
    """The order's status page on the public site (https with SITE_URL), not Oscar's
    ``http://`` + Site domain."""
    if order.user_id:
        path = reverse("customer:order", kwargs={"order_number": order.number})
    else:
        path = reverse("customer:anon-order", kwargs={"order_number": order.number,
                                                      "hash": order.verification_hash()})
    return absolute_url(request, path)


def order_placed_messages(order, request) -> dict:
    source = order.sources.select_related("source_type").first()
    method = METHODS.get(source.source_type.code) if source else None
    ctx = {
        "order": order,
        "lines": confirmation_lines(order, request),
        "payment_method_name": method.name if method else "",
        "status_url": status_link(order, request),
    }
    with translation.override(getattr(request, "LANGUAGE_CODE", None) or "vi"):
        return {
            "subject": render_to_string("checkout/email/order_placed_subject.txt", ctx).strip(),
            "body": render_to_string("checkout/email/order_placed_body.txt", ctx),
            "html": render_to_string("checkout/email/order_placed_body.html", ctx),
            "sms": "",
        }


def send_order_placed_email(order, request) -> None:
    OrderDispatcher().dispatch_order_messages(order, order_placed_messages(order, request),
                                              "ORDER_PLACED")


def send_unpaid_cancelled_email(order) -> None:
    """The shopper's card order was cancelled unpaid: Vietnamese, then English."""
    from django.conf import settings
    from django.core.mail import send_mail

    if not order.email:
        return
    ctx = {"order": order, "minutes": settings.OCOP_UNPAID_CARD_ORDER_MINUTES,
           "lines": list(order.lines.order_by("pk"))}
    parts = []
    for language in ("vi", "en"):
        with translation.override(language):
            parts.append((
                render_to_string("checkout/email/unpaid_cancelled_subject.txt", ctx).strip(),
                render_to_string("checkout/email/unpaid_cancelled_body.txt", ctx).strip()))
    subject = f"{parts[0][0]} / {parts[1][0]}"
    body = f"{parts[0][1]}\n\n-----\n\n{parts[1][1]}\n"
    send_mail(subject, body, settings.OSCAR_FROM_EMAIL, [order.email])
