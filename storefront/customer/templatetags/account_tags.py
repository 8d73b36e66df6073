"""Template helpers of the account pages."""

import importlib
import pkgutil
from functools import cache

from django import template
from django.utils.translation import gettext

register = template.Library()


@cache
def _pipeline_label():
    """The order pipeline's own ``status_label`` filter, when its app provides one."""
    try:
        package = importlib.import_module("storefront.fulfilment.templatetags")
    except ImportError:
        return None
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        library = getattr(module, "register", None)
        if library is not None and "status_label" in library.filters:
            return library.filters["status_label"]
    return None


@register.filter
def order_status(status: str) -> str:
    """An order status in the reader's language (statuses are stored in Vietnamese)."""
    label = _pipeline_label()
    if label is not None:
        return label(status)
    return gettext(status) if status else ""


@register.filter
def vn_name(user) -> str:
    """Family name first, as Vietnamese names are written."""
    return " ".join(part for part in (user.last_name, user.first_name) if part)
