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
