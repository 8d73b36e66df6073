"""The same page in the other language: hreflang, canonical, the language switch
and the redirect of a visitor who chose English.

Consumer URLs are Vietnamese at the bare path and English under ``/en/``
(``storefront/urls.py``). The URL alone decides the language of a page:

- ``Accept-Language`` never does: a Vietnamese address shared with an English
  browser stays Vietnamese (Django's ``LocaleMiddleware`` with
  ``prefix_default_language=False`` already answers the default language).
- A visitor who *chose* a language with the switch (Django's language cookie,
  set by ``/i18n/setlang/``) and then opens a bare Vietnamese address in the
  browser is redirected to the same page in that language
  (``ChosenLanguageMiddleware``). Only browser navigations that ask for HTML
  are redirected: machines (the registry, Stripe, QR scanners asking for JSON,
  ``fetch`` calls) get the address they asked for.

A Wagtail page's other language is its translation, whose slugs may differ;
any other page's is the same route reversed in the other language.
"""

from __future__ import annotations

from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language
from wagtail.models import Locale, Page

SAFE_METHODS = ("GET", "HEAD")


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def canonical_query(request) -> str:
    """The part of the query string that names other content: the search words
    (``q``) and ``page`` N > 1; filters and sort orders are views of the same."""
    kept = {}
    words = request.GET.get("q", "").strip()
    if words:
        kept["q"] = words
    number = request.GET.get("page", "")
    if number.isdigit() and int(number) > 1:
        kept["page"] = int(number)
    return f"?{urlencode(kept)}" if kept else ""


def page_translations(page: Page, request=None) -> dict[str, str]:
    """language code -> path of each live, public translation of ``page``
    (asked once per request: canonical, hreflang and og:url all need it)."""
    cache = getattr(request, "_page_translations", None) if request is not None else None
    if cache is not None and page.pk in cache:
        return dict(cache[page.pk])
    paths = {}
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    for translation_page in translations:
        parts = translation_page.get_url_parts(request)
        if parts and parts[2]:
            paths[translation_page.locale.language_code] = parts[2]
    if request is not None:
        if cache is None:
            cache = request._page_translations = {}
        cache[page.pk] = dict(paths)
    return paths


def _route_paths(path: str) -> dict[str, str]:
    """language code -> the route of ``path`` reversed in that language, for
    routes inside the language prefix (none for the others)."""
    current = translation.get_language()
    paths = {code: translate_url(path, code) for code in languages()}
    others = [code for code in paths if code != current]
    if others and all(paths[code] == path for code in others):
        return {}
    return paths


def alternate_paths(request, page: Page | None = None) -> dict[str, str]:
    """language code -> path of the same content in that language (no query).

    A Wagtail page lists its live translations only: an article nobody
    translated has no English alternate.
    """
    if page is not None:
        return page_translations(page, request)
    return _route_paths(request.path)


def nearest_translation_path(page: Page, language_code: str, request=None) -> str | None:
    """The path of ``page`` in ``language_code``, else of its nearest ancestor
    that has a live translation (the language's home page at worst)."""
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        return None
    chain = [page, *reversed(page.get_ancestors().filter(depth__gte=2))]
    found = {
        candidate.translation_key: candidate
        for candidate in Page.objects.live()
        .public()
        .filter(locale=locale, translation_key__in=[p.translation_key for p in chain])
    }
    for candidate in chain:
        if candidate.translation_key in found:
            parts = found[candidate.translation_key].get_url_parts(request)
            if parts and parts[2]:
                return parts[2]
    return None


WAGTAIL_ROUTES = ("wagtail_serve", "wagtail-home")


def _wagtail_page_at(request, match) -> Page | None:
    path = match.kwargs.get("path", match.args[0] if match.args else "")
    return Page.find_for_request(request, path)


def translate_path(request, url: str, language_code: str, *, nearest: bool = True) -> str | None:
    """``url`` (a path, maybe with a query) in ``language_code``, whatever the
    language its prefix names; None when it names nothing translatable.

    A Wagtail page goes to its translation, or with ``nearest`` to its nearest
    translated ancestor; any other route is reversed in the other language.
    """
    parts = urlsplit(url)
    path_language = translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    with translation.override(path_language):
        try:
            match = resolve(unquote(parts.path))
        except Resolver404:
            return None
        if match.url_name in WAGTAIL_ROUTES:
            page = _wagtail_page_at(request, match)
            if page is None:
                return None
            if nearest:
                target = nearest_translation_path(page, language_code, request)
            else:
                target = page_translations(page, request).get(language_code)
        else:
            target = _route_paths(parts.path).get(language_code)
    if target is None:
        return None
    return f"{target}?{parts.query}" if parts.query else target


def set_language(request):
    """Django's ``set_language`` with ``next`` taken to the chosen language by
    ``translate_path``: Django's own would read ``/en/…`` in Vietnamese (the
    language of ``/i18n/``) and find ``/en/en/…``."""
    language_code = request.POST.get(LANGUAGE_QUERY_PARAMETER)
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    if request.method == "POST" and language_code in languages() and next_url.startswith("/"):
        target = translate_path(request, next_url, language_code) or next_url
        request.POST = request.POST.copy()
        request.POST["next"] = target
        next_url = target
    path_language = translation.get_language_from_path(urlsplit(next_url).path)
    with translation.override(path_language or settings.LANGUAGE_CODE):
        return django_set_language(request)


class ChosenLanguageMiddleware:
    """Takes a visitor who chose a language other than Vietnamese with the
    language switch from a bare (Vietnamese) address to the same page in
    their language. Placed right after ``LocaleMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in languages() and chosen != settings.LANGUAGE_CODE:
            redirect = self._redirect(request, chosen)
            if redirect is not None:
                patch_vary_headers(redirect, ("Cookie",))
                return redirect
        response = self.get_response(request)
        if translation.get_language_from_path(request.path_info) is None:
            # The same bare address answers differently with the cookie.
            patch_vary_headers(response, ("Cookie",))
        return response

    def _redirect(self, request, language_code: str):
        if request.method not in SAFE_METHODS or not _navigates_to_html(request):
            return None
        if translation.get_language_from_path(request.path_info) is not None:
            return None  # the address names its language: it decides
        target = translate_path(request, request.get_full_path(), language_code, nearest=False)
        if not target or urlsplit(target).path == request.path:
            return None
        return HttpResponseRedirect(target)


def _navigates_to_html(request) -> bool:
    """A browser opening a page: it asks for HTML by name (``fetch`` and
    machines send ``*/*`` or JSON) and, when it says, is navigating."""
    if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
        return False
    return "text/html" in request.headers.get("Accept", "")
