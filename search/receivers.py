"""What search does when products change (connected in ``SearchConfig.ready``).

A sellability change starts a new generation of cached facet counts. The
index updates only with Elasticsearch configured: the database backend reads
the catalogue itself. Receivers queue a task after commit; a stopped worker delays the
index but cannot show an expired product (queries filter on certificate
dates, and results go through the catalogue's selector)."""

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def _queue(ids) -> None:
    ids = sorted({pk for pk in ids if pk})
    if not ids or not settings.ELASTICSEARCH_URL:
        return
    from .tasks import reindex_products_task

    def send():
        # Never fail the write that changed the product: the change is kept
        # in PendingReindex and the next rebuild or update carries it.
        try:
            reindex_products_task.delay(ids)
        except Exception:
            logger.exception("Could not queue the search index update of %s", ids)

    transaction.on_commit(send)


def on_sellability_changed(sender, product_ids=(), changes=(), **kwargs) -> None:
    # Cached facet counts start again (the triggers' log usually has the
    # change already; the expiry run, for one, only tells by this signal).
    from .facet_cache import note_change

    note_change()
    _queue(list(product_ids) or [c.product_id for c in changes])


def on_certificate_changed(sender, product_id=None, **kwargs) -> None:
    _queue([product_id])


def on_product_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _queue([instance.parent_id or instance.pk])


def on_stockrecord_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _queue([instance.product_id])
