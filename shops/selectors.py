"""Reads for the store locator. Products go through the catalogue's one rule."""

from django.db.models import Count, F, Q

from catalogue.models import Product
from catalogue.selectors import product_cards

from .models import Partner, StockMovement, StockRecord


def showrooms(*, province: str | None = None):
    """Consumer-facing showrooms with how many certified products they stock."""
    certified = Product.objects.browsable().values("pk")
    qs = Partner.objects.filter(is_showroom=True, slug__isnull=False).annotate(
        product_count=Count(
            "stockrecords",
            filter=Q(stockrecords__num_in_stock__gt=0, stockrecords__product__in=certified),
        )
    )
    if province:
        qs = qs.filter(province_code=province)
    return qs.order_by("province_code", "name")


def showroom_products(showroom: Partner):
    """Certified products in stock at one showroom, as product cards."""
    in_stock = StockRecord.objects.filter(partner=showroom, num_in_stock__gt=0).values("product_id")
    return product_cards().filter(pk__in=in_stock).order_by("-ocop_stars", "title", "pk")


def showroom_stock(product: Product):
    """Public showrooms holding this product in stock: "where to buy" on its page."""
    return (
        StockRecord.objects.filter(
            product=product,
            partner__is_showroom=True,
            partner__slug__isnull=False,
            num_in_stock__gt=0,
        )
        .select_related("partner")
        .order_by("partner__province_code", "partner__name")
    )


# --- the stock ledger: movements and low stock (reads for staff screens and exports) ---


def stock_movements(*, stockrecord: StockRecord | None = None, partners=None):
    """Ledger movements, newest first, of one stock record or of given showrooms
    (a Partner queryset or list); each row carries its product, showroom and user."""
    movements = StockMovement.objects.select_related(
        "stockrecord__product", "stockrecord__partner", "user"
    ).order_by("-created_at", "-pk")
    if stockrecord is not None:
        movements = movements.filter(stockrecord=stockrecord)
    if partners is not None:
        movements = movements.filter(stockrecord__partner__in=partners)
    return movements


def showroom_stock_records(partners):
    """Stock records of given showrooms with their product, by showroom then title."""
    return (
        StockRecord.objects.filter(partner__in=partners)
        .select_related("product", "partner")
        .annotate(free=F("num_in_stock") - F("num_allocated"))
        .order_by("partner__name", "product__title", "pk")
    )


def low_stock_records(partners):
    """Records of given showrooms whose free stock (in stock − held for orders) is
    below their low-stock threshold, as Oscar's ``is_below_threshold`` says;
    the emptiest first."""
    return (
        showroom_stock_records(partners)
        .filter(low_stock_threshold__isnull=False)
        .filter(free__lt=F("low_stock_threshold"))
        .order_by("free", "partner__name", "product__title", "pk")
    )
