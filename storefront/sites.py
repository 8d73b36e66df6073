"""The site's public address: ``SITE_URL`` applied to Django's and Wagtail's Site records.

Django's ``Site`` (``SITE_ID``) gives the host of Oscar's e-mails (password
reset, order confirmation) and of anything built outside a request; Wagtail's
default ``Site`` gives the host of page URLs. Both start as placeholders
(``example.com``, ``localhost``). ``site_records_sync`` writes ``SITE_URL``
into them; it runs after every ``migrate`` (post_migrate), from
``manage.py sync_site``, and whenever a test overrides ``SITE_URL``.

Without ``SITE_URL`` the records are left as they are and pages served to a
request (the sitemap, links built with ``build_absolute_uri``) use the
request's own scheme and host: ``public_origin(request)``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class SiteAddress:
    """``SITE_URL`` taken apart: ``https://shop.ocop.vn`` → https, shop.ocop.vn, 443."""

    scheme: str
    hostname: str
    port: int

    @property
    def netloc(self) -> str:
        """``host`` or ``host:port`` when the port is not the scheme's default."""
        if self.port == DEFAULT_PORTS[self.scheme]:
            return self.hostname
        return f"{self.hostname}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.netloc}"


def parse_site_url(value: str) -> SiteAddress | None:
    """The address in ``value`` (``SITE_URL``), or None when it is empty.

    Only scheme, host and port count: the site is served from the root path.
    """
    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL={value!r} is not an address: write it as https://host[:port], "
            "e.g. SITE_URL=https://ocop.example.vn"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITE_URL={value!r} has a path: the site is served from the root, "
            "write only https://host[:port]"
        )
    return SiteAddress(parts.scheme, parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme])


def configured_address() -> SiteAddress | None:
    """``settings.SITE_URL`` taken apart (None when unset)."""
    return parse_site_url(getattr(settings, "SITE_URL", ""))


def site_scheme() -> str:
    """The scheme of links built without a request (Oscar's ``OSCAR_URL_SCHEMA``)."""
    address = configured_address()
    return address.scheme if address else "http"


def public_origin(request=None) -> str:
    """``scheme://host[:port]`` of the public site: ``SITE_URL``, else the request's."""
    address = configured_address()
    if address is not None:
        return address.origin
    if request is None:
        raise ImproperlyConfigured("SITE_URL is not set and there is no request to ask")
    return f"{request.scheme}://{request.get_host()}"


def site_records_sync(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Write ``SITE_URL`` into Django's Site (``SITE_ID``) and Wagtail's default Site.

    Returns what changed (empty when nothing did, or ``SITE_URL`` is unset).
    """
    address = configured_address()
    if address is None:
        return []
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site as WagtailSite

    name = settings.WAGTAIL_SITE_NAME
    changed = []
    with transaction.atomic(using=using):
        site, created = DjangoSite.objects.using(using).get_or_create(
            pk=settings.SITE_ID, defaults={"domain": address.netloc, "name": name}
        )
        if created or (site.domain, site.name) != (address.netloc, name):
            site.domain, site.name = address.netloc, name
            site.save(using=using)
            changed.append(f"django site {settings.SITE_ID}: {address.netloc}")
        page_site = WagtailSite.objects.using(using).filter(is_default_site=True).first()
        if page_site is not None and (page_site.hostname, page_site.port) != (
            address.hostname,
            address.port,
        ):
            page_site.hostname, page_site.port = address.hostname, address.port
            page_site.site_name = page_site.site_name or name
            page_site.save(using=using)
            changed.append(f"wagtail default site: {address.hostname}:{address.port}")
    DjangoSite.objects.clear_cache()
    WagtailSite.clear_site_root_paths_cache()
    return changed


def sync_after_migrate(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver: every deploy's ``migrate`` applies the current ``SITE_URL``."""
    for line in site_records_sync(using=using):
        log.info("SITE_URL applied to %s", line)


def sync_on_setting_change(*, setting: str, **kwargs) -> None:
    """setting_changed receiver: tests that override ``SITE_URL`` see it in the records.

    When the override ends the records go back with the test's transaction;
    only the caches in front of them need clearing then.
    """
    if setting != "SITE_URL":
        return
    if configured_address() is not None:
        site_records_sync()
        return
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site as WagtailSite

    DjangoSite.objects.clear_cache()
    WagtailSite.clear_site_root_paths_cache()
