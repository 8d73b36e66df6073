"""Reads for the store locator, showroom pages, "where to buy" and the OCOP map.
Products go through the catalogue's one rule."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q

from catalogue.models import Product
from catalogue.selectors import product_cards

from .hours import open_at_q
from .models import OpeningPeriod, Partner, StockMovement, StockRecord

IN_STOCK, FEW_LEFT, OUT_OF_STOCK = "in_stock", "few_left", "out_of_stock"


def public_showrooms():
    """Showrooms consumers may see: showrooms, active, with a page."""
    return Partner.objects.filter(is_showroom=True, is_active=True, slug__isnull=False)


def with_hours(qs):
    return qs.prefetch_related(
        Prefetch("opening_periods", queryset=OpeningPeriod.objects.order_by("weekday", "opens"))
    )


def showrooms(
    *,
    province: str | None = None,
    open_at: dt.datetime | None = None,
    open_now: bool = False,
    counted: bool = True,
):
    """Consumer-facing showrooms, optionally of one province and only those open
    at ``open_at`` (or now, with ``open_now``), with their hours prefetched and
    ``product_count``, the certified products they stock. Long lists pass
    ``counted=False`` and count the page they show with ``with_product_counts``
    (the annotation reads every stock record of every showroom)."""
    qs = public_showrooms()
    if counted:
        certified = Product.objects.browsable().values("pk")
        qs = qs.annotate(
            product_count=Count(
                "stockrecords",
                filter=Q(stockrecords__num_in_stock__gt=0, stockrecords__product__in=certified),
            )
        )
    if province:
        qs = qs.filter(province_code=province)
    if open_now or open_at is not None:
        periods = OpeningPeriod.objects.filter(open_at_q(open_at), partner=OuterRef("pk"))
        qs = qs.filter(Exists(periods))
    return with_hours(qs).order_by("province_code", "name", "pk")


def with_product_counts(rooms) -> list[Partner]:
    """``rooms`` as a list, each with ``product_count``: how many certified
    products it has in stock (one query for the page, not one per showroom,
    and never over the whole network)."""
    rooms = list(rooms)
    certified = Product.objects.browsable().values("pk")
    counts = dict(
        StockRecord.objects.filter(
            partner__in=[room.pk for room in rooms], num_in_stock__gt=0, product__in=certified
        )
        .values("partner_id")
        .annotate(n=Count("pk"))
        .values_list("partner_id", "n")
    )
    for room in rooms:
        room.product_count = counts.get(room.pk, 0)
    return rooms


def map_markers(qs) -> list[dict]:
    """What the map draws for showrooms ``qs`` (one query, coordinates only)."""
    rows = qs.filter(latitude__isnull=False, longitude__isnull=False).values(
        "slug", "name", "address", "province_code", "latitude", "longitude"
    )
    return [
        {
            "slug": row["slug"],
            "name": row["name"],
            "address": row["address"],
            "lat": float(row["latitude"]),
            "lon": float(row["longitude"]),
        }
        for row in rows.order_by()
    ]


def showroom_products(showroom: Partner):
    """Certified products in stock at one showroom, as product cards."""
    in_stock = StockRecord.objects.filter(partner=showroom, num_in_stock__gt=0).values("product_id")
    return product_cards().filter(pk__in=in_stock).order_by("-ocop_stars", "title", "pk")


@dataclass(frozen=True)
class Availability:
    """One showroom's answer for one product: a level, never a count."""

    showroom: Partner
    level: str

    @property
    def partner(self):  # templates written for stock records keep working
        return self.showroom


def stock_level(record: StockRecord) -> str:
    """In stock / few left (at or under the record's low-stock threshold) / out of stock."""
    free = (record.num_in_stock or 0) - (record.num_allocated or 0)
    if free <= 0:
        return OUT_OF_STOCK
    if record.low_stock_threshold is not None and free <= record.low_stock_threshold:
        return FEW_LEFT
    return IN_STOCK


def showroom_stock(product: Product) -> list[Availability]:
    """Public showrooms holding a stock record of this product: "where to buy" on
    its page, by province then name (the browser may re-sort by distance).
    Two queries whatever the number of showrooms."""
    records = (
        StockRecord.objects.filter(
            product=product, partner__in=public_showrooms()
        )
        .select_related("partner")
        .prefetch_related(
            Prefetch(
                "partner__opening_periods",
                queryset=OpeningPeriod.objects.order_by("weekday", "opens"),
            )
        )
        .order_by("partner__province_code", "partner__name", "partner__pk")
    )
    return [Availability(record.partner, stock_level(record)) for record in records]


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
