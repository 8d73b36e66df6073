from django.db import models
from django.utils import timezone


class PendingReindex(models.Model):
    """A product whose document changed, recorded before it is written to the
    index: a rebuild replays those recorded since it began, so a change that
    arrives while the new index is being built is not lost at the swap."""

    product_id = models.IntegerField(db_index=True)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "pending reindex"


class CatalogueChange(models.Model):
    """One row per write that can change what a product list counts.

    Database triggers (migration 0003) append a row for every statement that
    writes products, certificates, categories, producers or showrooms, and
    for every stock record whose in-stock state, price, product or showroom
    changes — whichever code path wrote it (the ORM, the stock ledger's
    UPDATEs, bulk writes, raw SQL). The row is part of the writing
    transaction, so it becomes visible exactly when the change does:
    ``search.facet_cache`` keys its counts by the newest rows.
    """

    id = models.BigAutoField(primary_key=True)
    token = models.BigIntegerField()  # random: a rolled-back id reused by SQLite differs

    class Meta:
        verbose_name = "catalogue change"
