"""Publishing registry products: public, described, pictured.

The registry decides whether a product is certified; publishing decides that
a certified product is offered here. A public product is still hidden from
consumers whenever it has no valid certificate (``Product.objects.browsable()``).

Prices and stock per showroom are the showrooms' business: ``shops.services``
lists a product for sale by writing its stock records and calling
``products_publish`` in the same transaction.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F

from .models import Product, ProductImage
from .registry.effects import announce_listing, sellability_snapshot


class ListingError(ValueError):
    """A listing that cannot be applied; the message says what to fix."""


@dataclass(frozen=True)
class ProductListing:
    product: Product
    description: str = ""
    image: bytes | None = None


@dataclass
class PublishResult:
    products_changed: int = 0
    images_created: int = 0
    product_ids: set[int] = field(default_factory=set)


def product_label(product: Product) -> str:
    """How error messages name a product: its title and registry code."""
    return f"{product.title} ({product.code or product.pk})"


def product_sku(product: Product) -> str:
    return product.code or f"P{product.pk}"


def listing_check_product(product: Product) -> None:
    """Raise ``ListingError`` unless ``product`` is one that can be offered."""
    if product.pk is None:
        raise ListingError(f"{product_label(product)}: save the product before listing it")
    if product.is_parent:
        raise ListingError(
            f"{product_label(product)}: list the variants of a parent product, not the parent"
        )


def products_publish(*, listings: Sequence[ProductListing]) -> PublishResult:
    """Make a batch of products public, with bulk queries.

    A given ``description`` replaces the product's; a given ``image`` becomes
    its primary picture unless that same picture is already there. Raises
    ``ListingError`` naming the product before anything is written.
    """
    for listing in listings:
        listing_check_product(listing.product)
    result = PublishResult()
    if not listings:
        return result
    saved_files: list[str] = []
    committed = []
    try:
        # No savepoint of its own: inside a caller's transaction (shops listing a
        # product for sale) a failure here rolls the whole listing back.
        with transaction.atomic(savepoint=False):
            transaction.on_commit(lambda: committed.append(True))
            before = sellability_snapshot(listing.product.pk for listing in listings)
            _update_products(listings, result)
            _add_images(listings, result, saved_files)
            announce_listing(before)
    except BaseException:
        if not committed:
            # The rows were rolled back: do not leave their picture files behind.
            for name in saved_files:
                default_storage.delete(name)
        raise
    return result


def _update_products(listings: Sequence[ProductListing], result: PublishResult) -> None:
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


def _image_code(product: Product, content: bytes) -> str:
    # The picture's own fingerprint: listing the same bytes again adds nothing.
    return f"{product_sku(product)}:{hashlib.sha256(content).hexdigest()[:16]}"


def _add_images(listings: Sequence[ProductListing], result: PublishResult,
                saved_files: list[str]) -> None:
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
        name = field_.generate_filename(image, f"{product_sku(product)}.jpg")
        image.original.name = default_storage.save(name, ContentFile(content))
        saved_files.append(image.original.name)
        images.append(image)
    ProductImage.objects.bulk_create(images)
    result.images_created += len(images)
    result.product_ids.update(fresh)
