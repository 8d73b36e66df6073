"""Celery tasks of recall notices. Thin: the work lives in ``services.py``."""

from celery import shared_task

from .services import send_recall_notices


@shared_task(name="recalls.tasks.send_recall_notices")
def send_recall_notices_task(certificate_no: str) -> int:
    """E-mail the recent buyers of a revoked certificate's product; returns e-mails sent."""
    return send_recall_notices(certificate_no=certificate_no)
