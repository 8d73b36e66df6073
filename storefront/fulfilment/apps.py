from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "storefront.fulfilment"
    label = "fulfilment"
    verbose_name = _("Xử lý đơn hàng")

    def ready(self):
        from catalogue.signals import certificate_changed

        from .receivers import queue_revocation_holds

        certificate_changed.connect(queue_revocation_holds,
                                    dispatch_uid="fulfilment.revocation_holds")
