from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecallsConfig(AppConfig):
    name = "storefront.recalls"
    label = "recalls"
    verbose_name = _("Thông báo thu hồi")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from catalogue.signals import certificate_changed

        from . import receivers

        certificate_changed.connect(receivers.queue_recall_notices,
                                    dispatch_uid="recalls.certificate")
