"""Listing registry products for sale: price, stock per showroom, description, picture.

The registry decides whether a product is certified; this service decides
that a certified product is offered here. A listed product is public, but
the certificate rule (``Product.objects.browsable()``) still hides it from
consumers whenever it has no valid certificate.

``products_list_for_sale`` does a whole batch with a bounded number of
queries; ``product_list_for_sale`` is the one-product form.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from oscar.core.loading import get_model

from .models import Product, ProductImage
from .registry.effects import schedule_side_effects

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

CURRENCY = "VND"
MAX_PRICE = Decimal("1000000000")  # 1 tỷ đồng: anything above is a typo


class ListingError(ValueError):
    """A listing that cannot be applied; the message says what to fix."""


@dataclass(frozen=True)
class Listing:
    product: Product
    price: Decimal
    stock: Mapping[Partner, int]
    description: str = ""
    image: bytes | None = None


@dataclass
class ListingResult:
    products_changed: int = 0
    stockrecords_created: int = 0
    stockrecords_updated: int = 0
    images_created: int = 0
    product_ids: set[int] = field(default_factory=set)


def product_list_for_sale(
    *,
    product: Product,
    price: Decimal,
    stock: Mapping[Partner, int],
    description: str = "",
    image: bytes | None = None,
) -> Product:
    """List one product: public, priced in VND and stocked at the given showrooms.

    ``stock`` maps a showroom to its quantity (0 is allowed: listed, sold
    out there). Showrooms not named keep their stock records. A given
    ``description`` replaces the product's; a given ``image`` becomes its
    primary picture unless that same picture is already there.
    """
    products_list_for_sale(
        listings=[Listing(product, price, stock, description=description, image=image)]
    )
    product.refresh_from_db()
    return product


def products_list_for_sale(*, listings: Sequence[Listing]) -> ListingResult:
    """List a batch of products in one transaction with bulk queries.

    Raises ``ListingError`` naming the product before anything is written.
    """
    for listing in listings:
        _validate(listing)
    result = ListingResult()
    if not listings:
        return result
    saved_files: list[str] = []
    committed = []
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: committed.append(True))
            _update_products(listings, result)
            _upsert_stock(listings, result)
            _add_images(listings, result, saved_files)
            schedule_side_effects(result.product_ids)
    except BaseException:
        if not committed:
            # The rows were rolled back: do not leave their picture files behind.
            for name in saved_files:
                default_storage.delete(name)
        raise
    return result


def _validate(listing: Listing) -> None:
    product, price = listing.product, listing.price
    label = f"{product.title} ({product.code or product.pk})"
    if product.pk is None:
        raise ListingError(f"{label}: save the product before listing it")
    if product.is_parent:
        raise ListingError(f"{label}: list the variants of a parent product, not the parent")
    if not isinstance(price, Decimal) or not price.is_finite():
        raise ListingError(f"{label}: the price must be a Decimal amount of đồng")
    if price <= 0 or price > MAX_PRICE:
        raise ListingError(f"{label}: the price {price} ₫ must be above 0 and at most 1 tỷ ₫")
    if price != price.to_integral_value():
        raise ListingError(f"{label}: VND has no minor unit; {price} ₫ is not whole đồng")
    if not listing.stock:
        raise ListingError(f"{label}: name at least one showroom that holds stock")
    for partner, quantity in listing.stock.items():
        if partner.pk is None:
            raise ListingError(f"{label}: showroom {partner} is not saved")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
            raise ListingError(f"{label}: stock at {partner} must be a whole number ≥ 0")


def _update_products(listings: Sequence[Listing], result: ListingResult) -> None:
    ids = [listing.product.pk for listing in listings]
    stored = Product.objects.only("id", "is_public", "description").in_bulk(ids)
    changed = []
    for listing in listings:
        product = stored[listing.product.pk]
        values = {"is_public": True}
        if listing.description:
            values["description"] = listing.description
        if any(getattr(product, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(product, name, value)
            changed.append(product)
    Product.objects.bulk_update(changed, ["is_public", "description"])
    result.products_changed += len(changed)
    result.product_ids.update(p.pk for p in changed)


def _sku(product: Product) -> str:
    return product.code or f"P{product.pk}"


def _upsert_stock(listings: Sequence[Listing], result: ListingResult) -> None:
    existing = {
        (record.product_id, record.partner_id): record
        for record in StockRecord.objects.filter(product__in=[lst.product.pk for lst in listings])
    }
    new, changed = [], []
    for listing in listings:
        product = listing.product
        for partner, quantity in listing.stock.items():
            record = existing.get((product.pk, partner.pk))
            if record is None:
                new.append(
                    StockRecord(
                        product_id=product.pk,
                        partner_id=partner.pk,
                        partner_sku=_sku(product),
                        price=listing.price,
                        price_currency=CURRENCY,
                        num_in_stock=quantity,
                    )
                )
            elif (record.price, record.price_currency, record.num_in_stock) != (
                listing.price,
                CURRENCY,
                quantity,
            ):
                record.price, record.price_currency = listing.price, CURRENCY
                record.num_in_stock = quantity
                changed.append(record)
    StockRecord.objects.bulk_create(new)
    StockRecord.objects.bulk_update(changed, ["price", "price_currency", "num_in_stock"])
    result.stockrecords_created += len(new)
    result.stockrecords_updated += len(changed)
    result.product_ids.update(r.product_id for r in new + changed)


def _image_code(product: Product, content: bytes) -> str:
    # The picture's own fingerprint: listing the same bytes again adds nothing.
    return f"{_sku(product)}:{hashlib.sha256(content).hexdigest()[:16]}"


def _add_images(listings: Sequence[Listing], result: ListingResult, saved_files: list[str]):
    wanted = {
        listing.product.pk: (listing.product, listing.image)
        for listing in listings
        if listing.image
    }
    if not wanted:
        return
    codes = {pk: _image_code(product, image) for pk, (product, image) in wanted.items()}
    present = set(
        ProductImage.objects.filter(code__in=codes.values()).values_list("code", flat=True)
    )
    fresh = [pk for pk, code in codes.items() if code not in present]
    if not fresh:
        return
    # A new picture becomes the primary one (display order 0).
    ProductImage.objects.filter(product_id__in=fresh).update(display_order=F("display_order") + 1)
    field_ = ProductImage._meta.get_field("original")
    images = []
    for pk in fresh:
        product, content = wanted[pk]
        image = ProductImage(product_id=pk, code=codes[pk], caption=product.title[:200],
                             display_order=0)
        name = field_.generate_filename(image, f"{_sku(product)}.jpg")
        image.original.name = default_storage.save(name, ContentFile(content))
        saved_files.append(image.original.name)
        images.append(image)
    ProductImage.objects.bulk_create(images)
    result.images_created += len(images)
    result.product_ids.update(fresh)
