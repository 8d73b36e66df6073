"""Wagtail admin additions: the product chooser and ASCII slugs from titles."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .choosers import product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_product_chooser():
    return product_chooser_viewset


@hooks.register("insert_editor_js")
def ascii_slug_script():
    return format_html('<script src="{}"></script>', static("cms/js/ascii-slug.js"))
