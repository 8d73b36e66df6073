"""Seed the catalogue's demo: certificates and, through them, producers and products.

Certificates go through the registry sync service (``apply_records``) as a
``SyncRun(source=seed)``, so the demo obeys every rule the real catalogue
does. Demo data is no registry authority: a certificate number that already
exists is left exactly as it is (counted as unchanged), whoever wrote it.
Showrooms, stock and pages are seeded by their own apps; the project's
``seed_demo`` command composes them.
"""

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable

from ..models import Certificate, Product, SyncRun
from ..registry.apply import apply_records
from ..registry.effects import announce_changes
from ..registry.runs import sync_run_count, sync_run_finish
from ..sync_models import Source
from ..validity import ACTIVE, certificate_state, local_today
from .images import product_image
from .products import SEED, DemoProduct

BATCH_SIZE = 500

Progress = Callable[[int], object]


class DemoDataError(ValueError):
    """Generated demo records that the registry rules refuse."""


def batched(items, size: int):
    """itertools.batched (Python 3.12) for Python 3.11."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


def apply_certificates(products: list[DemoProduct], *, step: Progress,
                       batch_size: int = BATCH_SIZE) -> SyncRun:
    """Registry records through the sync service, in batches, as one seed run.

    Only certificates whose number is not stored yet are applied.
    """
    run = SyncRun.objects.create(source=Source.SEED, source_detail=f"{SEED}: {len(products)}")
    records = [record for product in products for record in product.records]
    try:
        for batch in batched(records, batch_size):
            fresh = missing_certificates(batch)
            run.unchanged += len(batch) - len(fresh)
            run.pages += 1
            if fresh:
                result = apply_records(fresh, run=run)
                sync_run_count(run, result=result)
                announce_changes(result)
                if result.rejected:
                    # Demo records are generated to the contract: a rejection is a bug.
                    raise DemoDataError("; ".join(
                        f"{r.certificate_no}: {r.reason}" for r in result.rejected[:5]
                    ))
            run.save(update_fields=["applied", "unchanged", "rejected", "pages"])
            step(len(batch))
    except Exception as error:
        sync_run_finish(run, status=SyncRun.Status.FAILED, error=str(error) or repr(error))
        raise
    sync_run_finish(run, status=SyncRun.Status.COMPLETED)
    apply_weights(products, batch_size=batch_size)
    return run


def apply_weights(products: list[DemoProduct], *, batch_size: int = BATCH_SIZE) -> int:
    """Give demo products their weight where none is stored (never overwrites)."""
    weights = {p.code: p.weight_grams for p in products if p.weight_grams is not None}
    updated = 0
    for codes in batched(list(weights), batch_size):
        rows = list(
            Product.objects.filter(code__in=codes, weight_grams__isnull=True).only("pk", "code")
        )
        for row in rows:
            row.weight_grams = weights[row.code]
        updated += Product.objects.bulk_update(rows, ["weight_grams"])
    return updated


def missing_certificates(records) -> list[dict]:
    """The records whose certificate number is not stored yet."""
    numbers = [record["certificate_no"] for record in records]
    stored = set(
        Certificate.objects.filter(certificate_no__in=numbers).values_list(
            "certificate_no", flat=True
        )
    )
    return [record for record in records if record["certificate_no"] not in stored]


def demo_picture(demo: DemoProduct) -> bytes:
    return product_image(name=demo.name, group=demo.group, seed=SEED)


def certificate_states(today: dt.date | None = None) -> Counter:
    """Certificates by state today, plus those expiring within 30 days."""
    today = today or local_today()
    states = Counter()
    for certificate in Certificate.objects.only("status", "issued_on", "expires_on"):
        state = certificate_state(certificate, today)
        states[state] += 1
        if state == ACTIVE and certificate.expires_on <= today + dt.timedelta(days=30):
            states["expiring_30_days"] += 1
    return states
