from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Nội dung")

    def ready(self):
        from catalogue.signals import sellability_changed

        from .receivers import clear_programme_figures

        sellability_changed.connect(clear_programme_figures, dispatch_uid="cms.programme_figures")
