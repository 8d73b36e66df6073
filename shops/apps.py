from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked: each partner is an OCOP showroom."""

    name = "shops"
    verbose_name = _("Showrooms")
