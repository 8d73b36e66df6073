"""RSS 2.0 and Atom feeds of programme news, one pair per language.

Links are on ``SITE_URL`` when it is set (the public address), else on the
host the feed was asked on.
"""

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .models import NewsPage

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    title = _("Tin tức OCOP")
    description = _("Tin tức về Chương trình Mỗi xã một sản phẩm (OCOP).")

    def __call__(self, request, *args, **kwargs):
        # One instance per request (see rss/atom below): it keeps the request.
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def _origin(self) -> str:
        return settings.SITE_URL or f"{self.request.scheme}://{self.request.get_host()}"

    def link(self):
        return self._origin() + "/"

    def feed_url(self):
        return self._origin() + self.request.path

    def items(self):
        return (
            NewsPage.objects.live().public().filter(locale=Locale.get_active())
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        _site_id, _root, path = item.get_url_parts(self.request)
        return self._origin() + path

    def item_guid(self, item):
        return f"{self._origin()}/news/{item.translation_key}/{item.locale.language_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time(hour=7)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return item.author or None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description


def rss(request, language=None):
    """Vietnamese news at /feeds/news/rss/, English at /feeds/news/en/rss/: the
    feeds are outside the language prefix, so the address names the language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return NewsRssFeed()(request)


def atom(request, language=None):
    with translation.override(language or settings.LANGUAGE_CODE):
        return NewsAtomFeed()(request)
