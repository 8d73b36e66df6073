"""Writes to the catalogue that are not registry records (see ``registry/``)."""

from django.db import transaction
from oscar.core.loading import get_model

from .groups import GROUPS

Category = get_model("catalogue", "Category")


@transaction.atomic
def ensure_group_categories() -> dict[str, "Category"]:
    """The six OCOP group categories, created on first use; code -> Category."""
    existing = {c.code: c for c in Category.objects.filter(code__in=GROUPS)}
    for code, (slug, name) in GROUPS.items():
        if code not in existing:
            existing[code] = Category.add_root(name=name, slug=slug, code=code, is_public=True)
    return existing
