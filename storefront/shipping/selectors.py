"""Reads for delivery options: rate cards for a province, showrooms holding a basket."""

from collections import Counter, defaultdict

from oscar.core.loading import get_model

from storefront.tourism.baskets import basket_experience_ids

from .models import WeightBased

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

MAX_PICKUP_SHOWROOMS = 10


def rate_cards_for(province_code: str | None) -> list[WeightBased]:
    """The province's own rate cards, else the nationwide ones (no provinces listed)."""
    cards = list(WeightBased.objects.prefetch_related("bands").order_by("name", "pk"))
    if province_code:
        own = [card for card in cards if province_code in card.provinces]
        if own:
            return own
    return [card for card in cards if not card.provinces]


def basket_needs(basket) -> dict[int, int]:
    """product id -> units, over the lines that need shipping or collecting."""
    needs: Counter = Counter()
    lines = list(basket.all_lines())
    experiences = basket_experience_ids(basket)
    for line in lines:
        if line.product_id not in experiences:  # vouchers: nothing to collect
            needs[line.product_id] += line.quantity
    return dict(needs)


def showrooms_holding(needs: dict[int, int], *, province_code: str | None = None) -> list:
    """Showrooms with free stock for every unit of ``needs``; the shopper's province
    first, then by name. Two queries whatever the basket."""
    if not needs:
        return []
    covered = defaultdict(int)
    rows = StockRecord.objects.filter(
        product_id__in=needs, partner__is_showroom=True
    ).values_list("partner_id", "product_id", "num_in_stock", "num_allocated")
    for partner_id, product_id, in_stock, allocated in rows:
        if (in_stock or 0) - (allocated or 0) >= needs[product_id]:
            covered[partner_id] += 1
    ids = [pk for pk, count in covered.items() if count == len(needs)]
    showrooms = list(Partner.objects.filter(pk__in=ids))
    showrooms.sort(key=lambda p: (p.province_code != province_code, p.name, p.pk))
    return showrooms[:MAX_PICKUP_SHOWROOMS]
