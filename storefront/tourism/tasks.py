"""Celery tasks of tourism vouchers. Thin: the work lives in ``services.py``."""

from celery import shared_task


@shared_task(name="storefront.tourism.tasks.close_past_vouchers")
def close_past_vouchers() -> int:
    """Close unused vouchers whose visit date has passed; returns how many."""
    from .services import vouchers_close_past

    return vouchers_close_past()
