"""Side effects of a registry change, queued after the transaction commits.

The sellability rule itself is computed at query time; these tasks only tidy
what depends on it (caches, baskets, staff notices), so a stopped worker can
delay them but can never keep an expired or revoked product on sale.
"""

from django.db import transaction


def schedule_side_effects(product_ids) -> None:
    ids = sorted(set(product_ids))
    if not ids:
        return

    def enqueue():
        from ..tasks import sellability_changed

        sellability_changed.delay(ids)

    transaction.on_commit(enqueue)
