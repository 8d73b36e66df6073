"""Reads for CMS pages, each in a fixed number of queries whatever the page size."""

import re

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.models import Locale, Site
from wagtail.search.backends import get_search_backend

from catalogue.text import fold_text

TEASER_RENDITION = "fill-480x270"


def news_teasers(articles):
    """Articles with what a teaser shows: hero image renditions and tags."""
    images = get_image_model().objects.prefetch_renditions(TEASER_RENDITION)
    return (
        articles.select_related("locale")
        .prefetch_related(Prefetch("hero_image", queryset=images), "tagged_items__tag")
        .order_by("-date", "-pk")
    )


def news_filter(articles, *, province: str = "", tag: str = ""):
    if province:
        articles = articles.filter(province=province)
    if tag:
        articles = articles.filter(tagged_items__tag__slug=tag).distinct()
    return news_teasers(articles)


def news_search(articles, query: str):
    """Wagtail search on the folded text, so diacritics and case do not matter."""
    # Words only: quotes, NULs and operators would be search syntax to the backend.
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold_text(query)).split())
    if not folded:
        return news_teasers(articles.none())
    # Indexed text includes ``folded_text``, so the folded query finds it.
    found = get_search_backend().search(folded, articles.model, operator="and")
    ids = [page.pk for page in found]
    return news_teasers(articles.filter(pk__in=ids))


def home_page():
    """The home page in the visitor's language, else the site's own."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return site.root_page.localized.specific


def news_index():
    from .models import NewsIndexPage

    home = home_page()
    return NewsIndexPage.objects.live().child_of(home).first() if home else None


def latest_news(*, limit: int):
    from .models import NewsPage

    articles = NewsPage.objects.live().filter(locale=Locale.get_active())
    return list(news_teasers(articles)[:limit])
