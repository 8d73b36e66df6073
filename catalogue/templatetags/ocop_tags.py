"""Template helpers for consumer pages.

They only read what the selectors already loaded (annotations, prefetched
images), so a list page costs the same number of queries whatever its size.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from catalogue.groups import GROUP_LABELS
from catalogue.renditions import WIDTHS, rendition_url, srcset

register = template.Library()

PLACEHOLDER_IMAGE = "oscar/img/image_not_found.jpg"

GROUP_ICONS = {
    "food": "utensils",
    "beverage": "mug-hot",
    "herbal": "leaf",
    "textile": "tshirt",
    "souvenir_decor": "gift",
    "tourism_service": "map-marked-alt",
}


@register.simple_tag
def icon(name: str, label: str = "") -> str:
    """An icon of the sprite ``ocop/icons/icons.svg`` in the text's colour.

    Decorative (hidden from screen readers) unless given a ``label``, which then is
    its accessible name. A sprite instead of an icon font: one small cached file,
    and a few bytes per icon in the page.
    """
    sprite = static("ocop/icons/icons.svg")
    if label:
        return format_html('<svg class="icon icon-{}" role="img" aria-label="{}" focusable="false">'
                           '<use href="{}#{}"></use></svg>', name, label, sprite, name)
    return format_html('<svg class="icon icon-{}" aria-hidden="true" focusable="false">'
                       '<use href="{}#{}"></use></svg>', name, sprite, name)


def first_image_name(product) -> str | None:
    """The stored name of the product's first image, from ``product_cards``'
    prefetch (already in display order)."""
    images = list(product.images.all())
    return images[0].original.name if images and images[0].original else None


@register.filter
def card_image_url(product) -> str:
    """The product's first image, 320 px wide (a rendition: no query, no thumbnail
    cache), or a placeholder."""
    name = first_image_name(product)
    return rendition_url(name, WIDTHS[0]) if name else static(PLACEHOLDER_IMAGE)


@register.filter
def card_srcset(product) -> str:
    """The first image in every rendition width, for ``srcset`` ("" without one)."""
    name = first_image_name(product)
    return srcset(name) if name else ""


@register.filter
def image_url(image, width: int) -> str:
    """A ProductImage at ``width`` pixels."""
    return rendition_url(image.original.name, width)


@register.filter
def image_srcset(image) -> str:
    return srcset(image.original.name)


@register.filter
def group_name(category) -> str:
    """A group's name in the active language (categories store Vietnamese)."""
    return str(GROUP_LABELS.get(getattr(category, "code", None), category.name))


@register.filter
def group_icon(category) -> str:
    return GROUP_ICONS.get(getattr(category, "code", None), "star")


@register.simple_tag
def unavailable_lines(basket) -> list:
    """Basket lines that can no longer be bought (e.g. the certificate lapsed)."""
    if basket is None or not basket.id:
        return []
    return [
        line
        for line in basket.all_lines()
        if not line.purchase_info.availability.is_available_to_buy
    ]


@register.simple_tag
def other_line_warnings(basket) -> list:
    """Oscar's line warnings (a price changed) for lines that can still be bought."""
    if basket is None or not basket.id:
        return []
    return [
        warning
        for line in basket.all_lines()
        if line.purchase_info.availability.is_available_to_buy and (warning := line.get_warning())
    ]


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with '…' for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
