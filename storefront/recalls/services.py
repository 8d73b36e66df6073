"""Recall notices: every recent buyer of a revoked certificate's product is e-mailed
once (per address and certificate), in batches.

Notices are written first (``bulk_create`` ignoring the ones that exist: the unique
constraint decides), then each unsent one is claimed under its row lock
(``SKIP LOCKED``), e-mailed and marked sent in its own transaction: two runs at once
send each e-mail once, and a run that fails half-way leaves the rest for the next.
A certificate that is no longer revoked when the task runs sends nothing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from catalogue.models import Certificate

from .models import RecallNotice
from .selectors import buyer_emails, orders_of_buyers

logger = logging.getLogger("storefront.recalls")
BATCH = 200


def send_recall_notices(*, certificate_no: str, batch_size: int = BATCH) -> int:
    """Notify the buyers of a revoked certificate's product; returns e-mails sent."""
    certificate = (Certificate.objects.select_related("product")
                   .filter(certificate_no=certificate_no).first())
    if certificate is None or certificate.status != Certificate.Status.REVOKED:
        return 0
    sent = 0
    last = ""
    connection = get_connection()
    while True:
        emails = list(buyer_emails(certificate).filter(buyer__gt=last)[:batch_size])
        if not emails:
            return sent
        last = emails[-1]
        orders = orders_of_buyers(certificate, emails)
        RecallNotice.objects.bulk_create([
            RecallNotice(certificate_no=certificate.certificate_no,
                         product_id=certificate.product_id, email=email,
                         order_numbers=", ".join(orders.get(email, [])),
                         decision_no=certificate.decision_no,
                         revocation_reason=certificate.revocation_reason)
            for email in emails], ignore_conflicts=True)
        pending = list(RecallNotice.objects.filter(
            certificate_no=certificate.certificate_no, email__in=emails, sent_at__isnull=True
        ).order_by("pk").values_list("pk", flat=True))
        for pk in pending:
            sent += _send_one(pk, certificate, connection)


def _send_one(pk: int, certificate, connection) -> int:
    with transaction.atomic():
        notice = (RecallNotice.objects.select_for_update(skip_locked=True)
                  .filter(pk=pk, sent_at__isnull=True).first())
        if notice is None:
            return 0  # another run has it, or sent it
        subject, body = notice_message(notice, certificate)
        EmailMessage(subject, body, settings.OSCAR_FROM_EMAIL, [notice.email],
                     connection=connection).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
        return 1


def notice_message(notice: RecallNotice, certificate) -> tuple[str, str]:
    """Subject and body: Vietnamese, then English below it (no order records the
    shopper's language)."""
    ctx = {"notice": notice, "certificate": certificate, "product": certificate.product,
           "orders": notice.order_numbers}
    parts = []
    for language in ("vi", "en"):
        with translation.override(language):
            parts.append((render_to_string("recalls/email/notice_subject.txt", ctx).strip(),
                          render_to_string("recalls/email/notice_body.txt", ctx).strip()))
    return f"{parts[0][0]} / {parts[1][0]}", f"{parts[0][1]}\n\n-----\n\n{parts[1][1]}\n"
