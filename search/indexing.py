"""Writes to Elasticsearch: product documents, incremental updates, and the
zero-downtime rebuild (new index, alias swap, replay of changes made meanwhile).

Documents are written for every listed product with a certificate, whatever
its state: queries filter on the certificates' status and dates (nested), so
a product becomes visible or invisible on the right local day even if no
update ran. Deletes are for products no longer listed."""

import datetime as dt
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from elasticsearch.helpers import bulk

from catalogue.groups import GROUP_CODES
from catalogue.models import Category, Certificate, Product
from catalogue.provinces import province_name
from catalogue.text import vietnamese_sort_key
from catalogue.validity import ACTIVE, certificate_state, local_today

from .backends.client import get_client
from .documents import ProductDocument, alias_name
from .models import PendingReindex

BATCH_SIZE = 500
KEEP_PENDING = dt.timedelta(days=2)


def indexable_products():
    """Listed top-level products with any certificate (the query decides validity)."""
    has_certificate = Certificate.objects.filter(product=OuterRef("pk"))
    return (
        Product.objects.listed().filter(parent__isnull=True).filter(Exists(has_certificate))
        .select_related("producer")
        .prefetch_related(
            "certificates",
            Prefetch("categories", queryset=Category.objects.only("path")),
            "stockrecords__partner",
        )
    )


def group_paths() -> dict[str, str]:
    return dict(Category.objects.filter(code__in=GROUP_CODES).values_list("code", "path"))


def to_document(product: Product, groups: dict[str, str], today: dt.date) -> dict:
    certificates = list(product.certificates.all())
    valid = [c for c in certificates if certificate_state(c, today) == ACTIVE]
    shown = max(valid or certificates, key=lambda c: (c.issued_on, c.pk))
    paths = [c.path for c in product.categories.all()]
    records = list(product.stockrecords.all())
    prices = [r.price for r in records if r.price is not None]
    return {
        "id": product.pk,
        "title": product.title,
        "producer": product.producer.name if product.producer else "",
        "province_name": province_name(product.province_code) if product.province_code else "",
        "description": plain_text(product.description),
        "name_sort": vietnamese_sort_key(product.title),
        "group": sorted({code for code, root in groups.items()
                         if any(p.startswith(root) for p in paths)}),
        "category_paths": paths,
        "province": product.province_code,
        "stars": shown.stars,
        "producer_kind": product.producer.kind if product.producer else "",
        "min_price": int(min(prices)) if prices else None,
        "showrooms": sorted({str(r.partner_id) for r in records
                             if (r.num_in_stock or 0) > 0 and r.partner.is_showroom}),
        "in_stock": any((r.num_in_stock or 0) > 0 for r in records),
        "date_created": product.date_created.isoformat(),
        "certificates": [
            {"status": c.status, "issued_on": c.issued_on.isoformat(),
             "expires_on": c.expires_on.isoformat(), "stars": c.stars}
            for c in certificates
        ],
    }


def plain_text(value: str | None) -> str:
    """A description's words without its HTML."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def _actions(ids: Iterable[int], index: str):
    ids = list(ids)
    groups, today = group_paths(), local_today()
    found = set()
    for product in indexable_products().filter(pk__in=ids):
        found.add(product.pk)
        yield {"_index": index, "_id": product.pk, "_source": to_document(product, groups, today)}
    for pk in set(ids) - found:
        yield {"_op_type": "delete", "_index": index, "_id": pk}


def create_index(name: str) -> None:
    index = ProductDocument._index.clone(name)
    index.settings(**ProductDocument.Index.settings)
    index.create(using=get_client())


def index_settings() -> dict:
    """The index body (settings + mappings) sent at creation."""
    index = ProductDocument._index.clone("template")
    index.settings(**ProductDocument.Index.settings)
    return index.to_dict()


def update_products(ids: Iterable[int]) -> int:
    """Record, then write the current documents of ``ids`` (deleting those no
    longer listed). Recording first lets a rebuild replay it (see module doc)."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    now = timezone.now()
    PendingReindex.objects.bulk_create([PendingReindex(product_id=pk, queued_at=now)
                                        for pk in ids])
    PendingReindex.objects.filter(queued_at__lt=now - KEEP_PENDING).delete()
    client = get_client()
    if not client.indices.exists_alias(name=alias_name()):
        return 0  # no index yet: the first rebuild will include them
    done, _errors = bulk(client, _actions(ids, alias_name()), raise_on_error=False,
                         refresh="wait_for")
    return done


@dataclass
class RebuildReport:
    index: str
    documents: int
    replayed: int
    seconds: float


def rebuild(*, batch_size: int = BATCH_SIZE,
            progress: Callable[[int], None] | None = None,
            during: Callable[[], None] | None = None) -> RebuildReport:
    """Build a new index from the database, point the alias at it in one
    atomic alias update, replay the changes recorded since the start, then
    drop the old indexes. Searches keep using the old index until the swap.

    ``during`` runs after the bulk load and before the swap (tests use it to
    make changes at the worst moment)."""
    client = get_client()
    alias = alias_name()
    started = timezone.now()
    name = f"{alias}-{started:%Y%m%d%H%M%S%f}"
    create_index(name)
    ids = list(indexable_products().order_by("pk").values_list("pk", flat=True))
    documents = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        ok, _ = bulk(client, _actions(chunk, name), raise_on_error=True)
        documents += ok
        if progress:
            progress(len(chunk))
    if during:
        during()
    old = list(client.indices.get_alias(name=alias).keys()) if client.indices.exists_alias(
        name=alias) else []
    client.indices.update_aliases(actions=[
        *({"remove": {"index": index, "alias": alias}} for index in old),
        {"add": {"index": name, "alias": alias}},
    ])
    replay = sorted(set(PendingReindex.objects.filter(queued_at__gte=started)
                        .values_list("product_id", flat=True)))
    if replay:
        bulk(client, _actions(replay, name), raise_on_error=True)
    client.indices.refresh(index=name)
    PendingReindex.objects.filter(queued_at__lt=started).delete()
    for index in old:
        client.indices.delete(index=index, ignore_unavailable=True)
    seconds = (timezone.now() - started).total_seconds()
    return RebuildReport(index=name, documents=documents, replayed=len(replay), seconds=seconds)
