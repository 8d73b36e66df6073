"""Links between the Vietnamese and English versions of a page: canonical and
hreflang alternates (rules in ``storefront/i18n.py``)."""

from django import template
from django.conf import settings
from wagtail.models import Page

from storefront import i18n
from storefront.sites import public_origin

register = template.Library()


def _wagtail_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.inclusion_tag("includes/alternates.html", takes_context=True)
def language_alternates(context):
    """``<link rel=canonical>`` and ``hreflang`` alternates (vi, en, x-default),
    absolute on the public origin; nothing for an address outside the language
    prefix (or one that matches no page)."""
    request = context.get("request")
    if request is None:
        return {}
    paths = i18n.alternate_paths(request, _wagtail_page(context))
    if not paths:
        return {}
    origin = public_origin(request)
    query = i18n.canonical_query(request)
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    alternates = [(code, f"{origin}{path}{query}") for code, path in paths.items()]
    default = paths.get(settings.LANGUAGE_CODE)
    return {
        "canonical": f"{origin}{paths.get(current, request.path)}{query}",
        "alternates": alternates if len(alternates) > 1 else [],
        "x_default": f"{origin}{default}{query}" if default and len(alternates) > 1 else "",
    }


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's canonical address (absolute): its own path, plus ``?page=N``."""
    request = context["request"]
    page = _wagtail_page(context)
    path = request.path
    if page is not None:
        parts = page.get_url_parts(request)
        path = parts[2] if parts and parts[2] else path
    return f"{public_origin(request)}{path}{i18n.canonical_query(request)}"
