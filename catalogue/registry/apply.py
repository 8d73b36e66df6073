"""The one sync service: apply registry records from any source the same way.

Feed pages, webhook events and spreadsheet files all end here. A batch is
validated record by record (bad ones are rejected with a reason, the rest
apply), then written with bulk queries in one transaction, so a batch costs a
bounded number of queries and a crash leaves nothing half-written.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from oscar.core.utils import slugify

from ..groups import GROUP_CODES
from ..models import (
    Certificate,
    CertificateChange,
    Producer,
    Product,
    ProductCategory,
    RejectedRecord,
    SyncRun,
)
from ..product_classes import product_class_for_group
from ..services import ensure_group_categories
from ..sync_models import Source
from ..text import fold_text
from .records import CertificateRecord, RecordError, parse_record

# Fields whose changes are written to the certificate's history.
HISTORY_FIELDS = ("stars", "level", "status", "issued_on", "expires_on", "revoked_on")
CERTIFICATE_FIELDS = HISTORY_FIELDS + (
    "revocation_reason",
    "decision_no",
    "issuer",
    "issuing_province_code",
    "registry_updated_at",
    "product_id",
)


@dataclass
class Incoming:
    """A record to apply, with where it came from (row number for files)."""

    data: object
    row_number: int | None = None


@dataclass
class ApplyResult:
    applied: int = 0
    unchanged: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    # Products whose certificates changed: their sellability may have changed.
    touched_product_ids: set[int] = field(default_factory=set)


def apply_records(
    items: Iterable[Incoming | dict],
    *,
    run: SyncRun,
    source_detail: str = "",
) -> ApplyResult:
    """Validate and upsert a batch of registry records in one transaction."""
    result = ApplyResult()
    valid: list[CertificateRecord] = []
    for item in items:
        incoming = item if isinstance(item, Incoming) else Incoming(item)
        try:
            valid.append(parse_record(incoming.data))
        except RecordError as error:
            result.rejected.append(_rejection(run, incoming, str(error)))

    latest = _latest_per_certificate(valid)
    result.unchanged += len(valid) - len(latest)
    with transaction.atomic():
        RejectedRecord.objects.bulk_create(result.rejected)
        if latest:
            _apply_valid(latest, run=run, source_detail=source_detail, result=result)
    return result


def _rejection(run: SyncRun, incoming: Incoming, reason: str) -> RejectedRecord:
    data = incoming.data
    number = data.get("certificate_no") if isinstance(data, dict) else None
    return RejectedRecord(
        run=run,
        certificate_no=_storable_text(str(number))[:255] if number is not None else "",
        row_number=incoming.row_number,
        reason=_storable_text(reason),
        payload=_jsonable(data),
    )


def _storable_text(value: str) -> str:
    """Text any database accepts: no NUL, no lone surrogates."""
    return value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def _jsonable(data):
    """The payload as JSON when PostgreSQL's jsonb can hold it, else its repr.

    jsonb refuses NaN/Infinity, \\u0000 and lone surrogates, all of which a
    broken record may carry; a rejection must still be recorded.
    """
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return {"repr": _storable_text(repr(data)[:2000])}
    if "\\u0000" in text or "\x00" in text:
        return {"repr": _storable_text(repr(data)[:2000])}
    return data


def _latest_per_certificate(records: Sequence[CertificateRecord]) -> list[CertificateRecord]:
    """One record per certificate_no: the newest updated_at (the later one on a tie)."""
    latest: dict[str, CertificateRecord] = {}
    for record in records:
        current = latest.get(record.certificate_no)
        if current is None or record.updated_at >= current.updated_at:
            latest[record.certificate_no] = record
    return list(latest.values())


def _apply_valid(records, *, run, source_detail, result):
    existing = (
        Certificate.objects.select_related("product__producer")
        .prefetch_related("product__categories")
        .in_bulk([r.certificate_no for r in records], field_name="certificate_no")
    )
    fresh, bumped = [], []
    for record in records:
        stored = existing.get(record.certificate_no)
        if stored is not None and stored.registry_updated_at >= record.updated_at:
            result.unchanged += 1  # the same or an older version: changes nothing
        elif stored is not None and _same_as_stored(stored, record):
            result.unchanged += 1
            if run.source != Source.FILE:
                # Keep the newest registry time so a late, older event stays ignored.
                stored.registry_updated_at = record.updated_at
                bumped.append(stored)
        else:
            fresh.append(record)
    _save_changed(Certificate, bumped, ["registry_updated_at"])
    if not fresh:
        return
    producers = _upsert_producers(fresh)
    products = _upsert_products(fresh, producers)
    _upsert_certificates(fresh, existing, products, run=run, detail=source_detail, result=result)


def _same_as_stored(stored: Certificate, record: CertificateRecord) -> bool:
    """Whether applying the record would change nothing we keep."""
    product, producer = stored.product, stored.product.producer
    return (
        all(getattr(stored, f) == v for f, v in _certificate_values(record).items())
        and product.code == record.product_code
        and product.title == record.product_name
        and product.province_code == record.today_province_code
        and {c.code for c in product.categories.all()} & set(GROUP_CODES) == {record.group}
        and producer is not None
        and (producer.registry_id, producer.name, producer.tax_code, producer.kind)
        == (
            record.producer.registry_id,
            record.producer.name,
            record.producer.tax_code,
            record.producer.kind,
        )
    )


def _certificate_values(record: CertificateRecord) -> dict:
    return {
        "stars": record.stars,
        "level": record.level,
        "status": record.status,
        "issued_on": record.issued_on,
        "expires_on": record.expires_on,
        "revoked_on": record.revoked_on,
        "revocation_reason": record.revocation_reason,
        "decision_no": record.decision_no,
        "issuer": record.issuer,
        "issuing_province_code": record.province_code,
    }


def _newest_by(records, key) -> dict:
    newest = {}
    for record in sorted(records, key=lambda r: r.updated_at):
        newest[key(record)] = record
    return newest


def _upsert_producers(records) -> dict[str, Producer]:
    wanted = _newest_by(records, lambda r: r.producer.registry_id)
    found = Producer.objects.in_bulk(list(wanted), field_name="registry_id")
    new, changed = [], []
    for registry_id, record in wanted.items():
        values = {
            "name": record.producer.name,
            "tax_code": record.producer.tax_code,
            "kind": record.producer.kind,
            "province_code": record.today_province_code,
        }
        producer = found.get(registry_id)
        if producer is None:
            new.append(Producer(registry_id=registry_id, **values))
        elif _assign(producer, values):
            changed.append(producer)
    Producer.objects.bulk_create(new)
    _save_changed(Producer, changed, ["name", "tax_code", "kind", "province_code"])
    found.update({p.registry_id: p for p in new})
    return found


def _upsert_products(records, producers) -> dict[str, Product]:
    wanted = _newest_by(records, lambda r: r.product_code)
    found = Product.objects.select_related("producer").in_bulk(list(wanted), field_name="code")
    # One product class per group among the products to create.
    classes = {
        group: product_class_for_group(group)
        for group in {r.group for code, r in wanted.items() if code not in found}
    }
    new, changed = [], []
    for code, record in wanted.items():
        producer = producers[record.producer.registry_id]
        values = {
            "title": record.product_name,
            "producer_id": producer.pk,
            "province_code": record.today_province_code,
        }
        product = found.get(code)
        if product is None:
            # Created unlisted: it needs a price and stock before it is sold.
            product = Product(
                code=code,
                structure=Product.STANDALONE,
                product_class=classes[record.group],
                slug=slugify(record.product_name)[:255],
                is_public=False,
                **values,
            )
            product.search_text = _search_text(record)
            new.append(product)
        elif _assign(product, values):
            product.search_text = _search_text(record)
            changed.append(product)
    Product.objects.bulk_create(new)
    _save_changed(
        Product, changed, ["title", "producer_id", "province_code", "search_text", "date_updated"]
    )
    found.update({p.code: p for p in new})
    _file_under_groups({found[code]: record.group for code, record in wanted.items()})
    return found


def _search_text(record: CertificateRecord) -> str:
    from ..provinces import province_name

    return fold_text(
        f"{record.product_name} {record.producer.name} {province_name(record.today_province_code)}"
    )


def _file_under_groups(product_groups: dict[Product, str]) -> None:
    """Each product sits in exactly the category of its registry group."""
    categories = ensure_group_categories()
    group_ids = {c.pk for c in categories.values()}
    current = {
        (product_id, category_id): pk
        for pk, product_id, category_id in ProductCategory.objects.filter(
            product__in=[p.pk for p in product_groups], category_id__in=group_ids
        ).values_list("pk", "product_id", "category_id")
    }
    wanted = {(p.pk, categories[group].pk) for p, group in product_groups.items()}
    stale = [pk for pair, pk in current.items() if pair not in wanted]
    if stale:
        # One query whatever the number of products that changed group.
        ProductCategory.objects.filter(pk__in=stale).delete()
    ProductCategory.objects.bulk_create(
        [ProductCategory(product_id=p, category_id=c) for p, c in wanted - set(current)]
    )


def _upsert_certificates(records, existing, products, *, run, detail, result):
    new, changed, history = [], [], []
    for record in records:
        values = {
            **_certificate_values(record),
            "registry_updated_at": record.updated_at,
            "product_id": products[record.product_code].pk,
        }
        certificate = existing.get(record.certificate_no)
        if certificate is None:
            certificate = Certificate(certificate_no=record.certificate_no, **values)
            new.append(certificate)
            diff = {f: [None, _plain(values[f])] for f in HISTORY_FIELDS}
        else:
            before = {f: getattr(certificate, f) for f in HISTORY_FIELDS}
            old_product_id = certificate.product_id
            _assign(certificate, values)
            changed.append(certificate)
            diff = {
                f: [_plain(before[f]), _plain(values[f])]
                for f in HISTORY_FIELDS
                if before[f] != values[f]
            }
            if old_product_id != certificate.product_id:
                # Moved to another product: both products' sellability may change.
                result.touched_product_ids.update({old_product_id, certificate.product_id})
        result.applied += 1
        if diff:
            result.touched_product_ids.add(certificate.product_id)
            history.append((certificate, diff, record))
    Certificate.objects.bulk_create(new)
    _save_changed(Certificate, changed, [*CERTIFICATE_FIELDS, "updated_at"])
    CertificateChange.objects.bulk_create(
        [
            CertificateChange(
                certificate=certificate,
                run=run,
                source=run.source,
                source_detail=detail or run.source_detail,
                changes=diff,
                registry_updated_at=record.updated_at,
            )
            for certificate, diff, record in history
        ]
    )


def _save_changed(model, objects: list, fields: Sequence[str]) -> None:
    """Write loaded, changed rows in one INSERT … ON CONFLICT (pk) DO UPDATE.

    Django's bulk_update builds a CASE per field and row: for 1,000 changed
    certificates it took 2.1 s on PostgreSQL against 0.08 s for this.
    """
    if objects:
        model.objects.bulk_create(
            objects, update_conflicts=True, unique_fields=["pk"], update_fields=list(fields)
        )


def _assign(instance, values: dict) -> bool:
    """Set values on instance; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
