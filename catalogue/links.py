"""Absolute links on the site's real host: ``SITE_URL`` when it is set (QR
codes and JSON outlive the request that made them), else the request's host."""

from django.conf import settings


def absolute_url(request, path: str) -> str:
    base = getattr(settings, "SITE_URL", "")
    return f"{base}{path}" if base else request.build_absolute_uri(path)
