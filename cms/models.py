"""Wagtail pages: the home page, and programme news."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock


class HomePage(Page):
    """The storefront's home page, curated by editors with blocks."""

    intro = models.TextField(_("intro"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def news_index(self):
        """The live news index under the home page, if editors made one."""
        return NewsIndexPage.objects.live().child_of(self).first()

    def latest_news(self, limit: int = 3):
        """Teasers for the home page: the newest live articles anywhere below it."""
        return NewsPage.objects.live().descendant_of(self).order_by("-date", "-pk")[:limit]


class NewsIndexPage(Page):
    """Lists programme news, newest first."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        ctx = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().child_of(self).order_by("-date", "-pk")
        ctx["news"] = Paginator(news, 12).get_page(request.GET.get("page"))
        return ctx


class NewsPage(Page):
    """A programme news article."""

    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
