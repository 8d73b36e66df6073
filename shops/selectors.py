"""Reads for the store locator. Products go through the catalogue's one rule."""

from django.db.models import Count, Q

from catalogue.models import Product
from catalogue.selectors import product_cards

from .models import Partner, StockRecord


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
