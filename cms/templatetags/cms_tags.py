"""SEO helpers for templates: JSON-LD (schema.org), canonical and share URLs.

JSON-LD is a data block, not a script that runs, so the Content-Security-Policy
(script-src 'self') does not stop it; "<", ">" and "&" are escaped so that no
text from a page can close the element.
"""

import json
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site

from catalogue.selectors import product_is_sellable, shown_certificate

register = template.Library()

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(data: dict):
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def share_image_url(context, page) -> str:
    """An absolute URL of the page's share image (1200×630), or ""."""
    image = page.share_image() if hasattr(page, "share_image") else None
    if image is None:
        return ""
    try:
        rendition = image.get_rendition("fill-1200x630")
    except SourceImageIOError:
        return ""
    return _absolute(context.get("request"), rendition.url)


@register.simple_tag(takes_context=True)
def news_article_ld(context, page) -> str:
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.latest_revision_created_at
                         or page.first_published_at or page.date).isoformat(),
        "inLanguage": page.locale.language_code,
        "mainEntityOfPage": page.get_full_url(request),
        "description": page.search_description or page.summary,
        "publisher": _organization(context),
    }
    if page.author:
        data["author"] = {"@type": "Person", "name": page.author}
    else:
        data["author"] = _organization(context)
    image = share_image_url(context, page)
    if image:
        data["image"] = [image]
    return jsonld(data)


def _organization(context) -> dict:
    request = context.get("request")
    footer = _footer(context)
    data = {
        "@type": "Organization",
        "name": (footer.organisation if footer and footer.organisation
                 else context.get("shop_name", "")),
        "url": _absolute(request, "/"),
    }
    if footer is not None:
        if footer.email:
            data["email"] = footer.email
        if footer.hotline:
            data["telephone"] = footer.hotline
        if footer.address:
            data["address"] = footer.address
    return data


def _footer(context):
    from ..navigation import FooterSettings

    request = context.get("request")
    if request is None:
        return None
    return FooterSettings.for_request(request)


@register.simple_tag(takes_context=True)
def organization_ld(context) -> str:
    return jsonld({"@context": "https://schema.org", **_organization(context)})


@register.simple_tag(takes_context=True)
def product_ld(context, product, session=None) -> str:
    """A Product; ``offers`` only while the catalogue's rule lets it be sold,
    so a lapsed certificate never reads as on sale to search engines."""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.get_title(),
        "url": _absolute(request, product.get_absolute_url()),
    }
    producer = getattr(product, "producer", None)
    if producer is not None:
        data["brand"] = {"@type": "Organization", "name": producer.name}
    if product.description:
        from django.utils.html import strip_tags

        data["description"] = strip_tags(product.description)[:500]
    if product_is_sellable(product):
        if session is None and request is not None and hasattr(request, "strategy"):
            session = request.strategy.fetch_for_product(product)
        certificate = shown_certificate(product)
        if certificate is not None:
            data["award"] = f"OCOP {certificate.stars}★"
        price = getattr(getattr(session, "price", None), "exists", False) and session.price
        if price:
            amount = price.incl_tax if price.is_tax_known else price.excl_tax
            data["offers"] = {
                "@type": "Offer",
                "price": f"{amount:.0f}",
                "priceCurrency": price.currency,
                "availability": "https://schema.org/InStock"
                if session.availability.is_available_to_buy
                else "https://schema.org/OutOfStock",
                "url": data["url"],
            }
    return jsonld(data)


WAGTAIL_ROUTES = ("wagtail_serve", "wagtail-home")


@register.filter
def localized_url(url: str) -> str:
    """An address an editor typed ("/catalogue/", "/tin-tuc/") in the reader's
    language: on an English page, the English page of the same route, or the
    English translation of a Wagtail page; anything else (another site, an
    address already naming its language, a page not translated) unchanged."""
    language = translation.get_language()
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    if language == settings.LANGUAGE_CODE or translation.get_language_from_path(url):
        return url
    path = urlsplit(url).path
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return url
        if match.url_name not in WAGTAIL_ROUTES:
            return translate_url(url, language)
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        page = site and Page.objects.live().filter(
            url_path=site.root_page.url_path + path.lstrip("/")
        ).first()
    if not page:
        return url
    target = page.localized
    return target.url if target.pk != page.pk and target.live else url


@register.filter
def menu_label(link) -> str:
    """A menu link's typed label in the reader's language: the editor's English
    label on English pages when there is one, else the Vietnamese label."""
    if translation.get_language() == "en" and link.get("title_en"):
        return link["title_en"]
    return link.get("title") or ""
