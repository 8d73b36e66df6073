"""Celery tasks of the catalogue: the registry feed and the daily expiry run.
Tasks are thin: the work lives in ``registry/``, and none of it decides what
may be sold (that is ``Product.objects.sellable()``, at query time), so a
stopped worker delays notices but keeps nothing on sale. Other apps react to
``catalogue.signals`` with tasks of their own (``shops.tasks``).
"""

import logging

from celery import shared_task

from .registry.effects import run_expiry_digest
from .registry.feed import FeedError, FeedNotConfigured, SyncAlreadyRunning, sync_feed
from .validity import local_today

logger = logging.getLogger(__name__)


@shared_task(name="catalogue.tasks.sync_registry")
def sync_registry(full: bool = False) -> dict:
    """Pull the registry feed (beat: every OCOP_REGISTRY_SYNC_MINUTES)."""
    try:
        run = sync_feed(full=full)
    except SyncAlreadyRunning as error:
        logger.info("registry sync skipped: %s", error)
        return {"status": "skipped", "reason": str(error)}
    except FeedNotConfigured as error:
        logger.warning("registry sync not configured: %s", error)
        return {"status": "not_configured", "reason": str(error)}
    except FeedError as error:
        # Already written to the run for staff; the next beat tries again.
        run_id = error.run.pk if error.run else None
        return {"status": "failed", "run": run_id, "reason": str(error)}
    return {
        "status": run.status,
        "run": run.pk,
        "pages": run.pages,
        "applied": run.applied,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
    }


@shared_task(name="catalogue.tasks.certificate_expiry_digest")
def certificate_expiry_digest() -> dict:
    """Daily, just after local midnight (beat: 00:05 Asia/Ho_Chi_Minh): the
    certificates expiring within 30 days for staff, and ``certificate_changed``
    / ``sellability_changed`` for those that expired since the last run."""
    result = run_expiry_digest(today=local_today())
    return {
        "ran": result.ran,
        "expiring": len(result.expiring),
        "expired_products": len(result.expired_product_ids),
        "notices": result.notices,
    }
