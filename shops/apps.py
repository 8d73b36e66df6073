from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked: each partner is an OCOP showroom."""

    name = "shops"
    verbose_name = _("Showrooms")

    def ready(self):
        super().ready()
        from catalogue.signals import sellability_changed

        from .receivers import queue_showroom_notices

        sellability_changed.connect(queue_showroom_notices, dispatch_uid="shops.showroom_notices")
