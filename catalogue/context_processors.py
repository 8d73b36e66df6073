from .selectors import group_categories


def ocop_groups(request):
    """The six groups for the site navigation (one cached query)."""
    return {"ocop_groups": group_categories}
