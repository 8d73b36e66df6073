"""Producer slugs and the reads of producer pages (/producers/, /producers/<slug>/).

A slug is the producer's folded name plus its registry id
("hop-tac-xa-yen-duong-p-22-0001"): readable, ASCII, and unique because the
registry id is. Ids that only differ in case or punctuation slugify alike;
those few get a short hash of the id, decided in one query per batch.
"""

import hashlib
from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.text import slugify

from .models import Producer, Product
from .text import fold_text

MAX_SLUG = 120


def producer_slug(name: str, registry_id: str) -> str:
    tail = slugify(fold_text(registry_id))[:40] or "chu-the"
    head = slugify(fold_text(name))[: MAX_SLUG - len(tail) - 10].strip("-")
    return f"{head}-{tail}" if head else tail


def _hashed(slug: str, registry_id: str) -> str:
    digest = hashlib.sha1(registry_id.encode()).hexdigest()[:8]
    return f"{slug[: MAX_SLUG - 9]}-{digest}"


def assign_slugs(producers: Sequence[Producer]) -> None:
    """Give unsaved ``producers`` without a slug a unique one (one query)."""
    todo = [p for p in producers if not p.slug]
    if not todo:
        return
    wanted = {p.registry_id: producer_slug(p.name, p.registry_id) for p in todo}
    taken = set(
        Producer.objects.filter(slug__in=wanted.values())
        .exclude(registry_id__in=list(wanted))
        .values_list("slug", flat=True)
    )
    for producer in sorted(todo, key=lambda p: p.registry_id):
        slug = wanted[producer.registry_id]
        if slug in taken:
            slug = _hashed(slug, producer.registry_id)
        taken.add(slug)
        producer.slug = slug


def producers_by_province():
    """Producers with at least one sellable product, with how many, by province then name."""
    sellable = Product.objects.sellable().filter(parent__isnull=True)
    return (
        Producer.objects.filter(Exists(sellable.filter(producer=OuterRef("pk"))))
        .annotate(
            product_count=Count(
                "products", filter=Q(products__in=sellable.values("pk")), distinct=True
            )
        )
        .order_by("province_code", "name", "pk")
    )
