from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = _("Storefront")

    def ready(self):
        from django.db.models.signals import post_migrate
        from django.test.signals import setting_changed

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .sites import sync_after_migrate, sync_on_setting_change

        # After Wagtail's app (later in INSTALLED_APPS than django.contrib.sites,
        # whose own post_migrate creates the example.com record).
        post_migrate.connect(
            sync_after_migrate,
            sender=self.apps.get_app_config("wagtailcore"),
            dispatch_uid="storefront-site-url",
        )
        setting_changed.connect(sync_on_setting_change, dispatch_uid="storefront-site-url")
