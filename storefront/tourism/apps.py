from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    name = "storefront.tourism"
    label = "tourism"
    verbose_name = _("Phiếu trải nghiệm du lịch")
