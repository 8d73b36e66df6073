"""Deployment checks of our own (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks

from .sites import configured_address


@checks.register(checks.Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    address = configured_address()
    if address is None:
        return [
            checks.Warning(
                "SITE_URL is not set: e-mails (password reset, orders) and links built "
                "outside a request name Django's placeholder site.",
                hint="Set SITE_URL to the public address, e.g. https://ocop.example.vn",
                id="storefront.W001",
            )
        ]
    if address.scheme != "https" and settings.SECURE_SSL_REDIRECT:
        return [
            checks.Warning(
                "SITE_URL uses http while SECURE_SSL_REDIRECT sends every visitor to https.",
                hint="Write SITE_URL with https://",
                id="storefront.W002",
            )
        ]
    return []
