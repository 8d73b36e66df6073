"""Programme figures: certified products per province and star level.

Read by the OCOP map (``/ban-do-ocop/``) and the CMS's programme-figures
block; keep the name and shape of ``certified_by_province`` stable.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from .models import Product
from .provinces import today_provinces
from .stars import STARS


@dataclass(frozen=True)
class ProvinceFigures:
    code: str  # today's GSO code, "01" … "96"
    name: str
    stars: dict[int, int] = field(default_factory=dict)  # {3: n, 4: n, 5: n}
    total: int = 0


def certified_by_province(on: dt.date | None = None) -> list[ProvinceFigures]:
    """For each of today's 34 provinces (ordered by code, none left out), how many
    products are sellable on the local date ``on`` (default today), by the
    stars of the certificate they show (3, 4, 5; every level present, 0 when
    none) and in total. A product counts once (variants through their
    parent: only parent and standalone products are counted), under
    ``Product.province_code``; products without a province are left out.

    One query: ``Product.objects.sellable(on)`` grouped by province and stars.
    """
    rows = (
        Product.objects.sellable(on)
        .filter(parent__isnull=True)
        .with_certificate(on)
        .exclude(province_code="")
        .order_by()
        .values("province_code", "ocop_stars")
        .annotate(n=Count("pk"))
    )
    counts: dict[str, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["province_code"], {})[row["ocop_stars"]] = row["n"]
    figures = []
    for code, name in today_provinces().items():
        found = counts.get(code, {})
        stars = {level: found.get(level, 0) for level in STARS}
        figures.append(ProvinceFigures(code, name, stars, sum(stars.values())))
    return figures
