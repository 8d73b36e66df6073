"""Experiences in a basket: which lines are experiences (vouchers, nothing to ship),
and whether their visit dates still hold (the checkout asks on each page and again
when the order is placed)."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from catalogue.models import Product

from .visit_dates import visit_date_problem, visit_dates_of


def experience_product_ids(product_ids) -> set[int]:
    """Which of these products are experiences (their class ships nothing; a
    variant's class is its parent's). One query."""
    ids = set(product_ids)
    if not ids:
        return set()
    return set(Product.objects.filter(pk__in=ids).filter(
        Q(parent__isnull=True, product_class__requires_shipping=False)
        | Q(parent__product_class__requires_shipping=False)
    ).values_list("pk", flat=True))


def basket_experience_ids(basket) -> set[int]:
    """``experience_product_ids`` of a basket's lines, asked once per request (noted on
    the basket object while its products stay the same)."""
    lines = list(basket.all_lines()) if basket.id else []
    key = frozenset(line.product_id for line in lines)
    cached = getattr(basket, "_ocop_experience_ids", None)
    if cached is None or cached[0] != key:
        cached = (key, experience_product_ids(key))
        basket._ocop_experience_ids = cached
    return cached[1]


def basket_kinds(basket) -> tuple[bool, bool]:
    """(has goods, has experiences)."""
    lines = list(basket.all_lines()) if basket.id else []
    experiences = basket_experience_ids(basket)
    has_experiences = any(line.product_id in experiences for line in lines)
    has_goods = any(line.product_id not in experiences for line in lines)
    return has_goods, has_experiences


def visit_date_problems(basket, *, today: dt.date | None = None) -> list[str]:
    """One sentence per experience line whose visit date is missing or no longer
    allowed (passed, too far ahead), naming the item."""
    lines = list(basket.all_lines()) if basket.id else []
    experiences = basket_experience_ids(basket)
    lines = [line for line in lines if line.product_id in experiences]
    if not lines:
        return []
    dates = visit_dates_of(lines)
    problems = []
    for line in lines:
        problem = visit_date_problem(dates[line.pk], today)
        if problem:
            problems.append(_("“%(product)s”: %(problem)s") % {
                "product": line.product.get_title(), "problem": problem})
    return problems
