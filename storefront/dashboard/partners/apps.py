from oscar.apps.dashboard.partners import apps


class PartnersDashboardConfig(apps.PartnersDashboardConfig):
    """Oscar's partner dashboard, forked so head office edits the showroom profile
    and its opening hours (label kept: Oscar's URLs and permissions find it)."""

    name = "storefront.dashboard.partners"
