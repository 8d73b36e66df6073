"""Wagtail pages: home, news (index + article) and programme/policy pages.

Shaped like bakerydemo's ``breads/models.py``: a docstring, fields, panels,
search fields, parent/subpage types, then small helpers. Reads that several
pages share live in ``selectors.py``; site-wide menus and footer in
``navigation.py``.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from catalogue.provinces import province_choices, province_name
from catalogue.text import fold_text

from .blocks import BodyStreamBlock, HomeStreamBlock
from .navigation import FooterSettings, MainMenu  # noqa: F401  (registered settings)
from .slugs import ascii_slug

NEWS_PER_PAGE = 12


class SitePage(Page):
    """What every page of ours shares: an OpenGraph image, ASCII slugs and a
    folded copy of its text for diacritic-blind search."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh chia sẻ"),
        help_text=_("Ảnh hiện khi trang được chia sẻ lên mạng xã hội."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    promote_panels = Page.promote_panels + [FieldPanel("og_image")]
    search_fields = Page.search_fields + [index.SearchField("folded_text")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        # Before Wagtail would make a slug from the title with Django's slugify,
        # which drops "đ": "Đặc sản" must become dac-san, not ac-san.
        if not self.slug and self.title:
            self.slug = ascii_slug(self.title)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        # Wagtail's form accepts any Unicode letter in a slug; our URLs stay ASCII.
        if self.slug and ascii_slug(self.slug) != self.slug:
            raise ValidationError({"slug": _(
                "Đường dẫn chỉ gồm chữ không dấu, số và dấu gạch ngang, ví dụ: %(slug)s"
            ) % {"slug": ascii_slug(self.slug) or "tin-moi"}})

    def get_context(self, request, *args, **kwargs):
        ctx = super().get_context(request, *args, **kwargs)
        # Breadcrumbs: from the home page (depth 2) of this page's language down.
        ctx["ancestors"] = self.get_ancestors().filter(depth__gte=2)
        return ctx

    def searchable_text(self) -> str:
        return self.title

    def folded_text(self) -> str:
        """Title and text folded to ASCII: "hoi cho" finds "Hội chợ"."""
        return fold_text(self.searchable_text())

    def share_image(self):
        return self.og_image


def _stream_text(stream) -> str:
    """The words of a body's text blocks, for the folded search copy."""
    words = []
    for block in stream:
        if block.block_type == "paragraph":
            words.append(strip_tags(block.value.source))
        elif block.block_type == "heading":
            words.append(str(block.value))
        elif block.block_type == "quote":
            words.append(f"{block.value['text']} {block.value['attribution']}")
    return " ".join(words)


class HomePage(SitePage):
    """The storefront's home page, curated by editors with blocks."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = SitePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")

    @classmethod
    def can_create_at(cls, parent):
        # One home page; its English version is a translation (copied), not created here.
        return super().can_create_at(parent) and not cls.objects.exists()

    def searchable_text(self) -> str:
        return f"{self.title} {self.intro}"

    def block_types(self) -> set[str]:
        return {block.block_type for block in self.body}

    def news_index(self):
        """The live news index under the home page, if editors made one."""
        return NewsIndexPage.objects.live().child_of(self).first()

    def latest_news(self, limit: int = 3):
        """Teasers for the home page: the newest live articles anywhere below it."""
        from .selectors import news_teasers

        return news_teasers(NewsPage.objects.live().descendant_of(self))[:limit]


class NewsIndexPage(SitePage):
    """Lists programme news, newest first, by province and tag."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("trang danh sách tin")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_filter, news_search

        ctx = super().get_context(request, *args, **kwargs)
        query = (request.GET.get("q") or "").strip()[:200]
        province = request.GET.get("province") or ""
        province = province if province in dict(province_choices()) else ""
        # Tags are ASCII slugs (NewsTag.slugify); anything else matches none.
        tag = ascii_slug(request.GET.get("tag") or "", max_length=100)
        articles = NewsPage.objects.live().child_of(self)
        if query:
            articles = news_search(articles, query)
        else:
            articles = news_filter(articles, province=province, tag=tag)
        news = Paginator(articles, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        ctx.update(
            news=news,
            query=query,
            province=province,
            province_label=province_name(province) if province else "",
            tag=tag,
            provinces=province_choices(),
        )
        return ctx


class NewsTag(TagBase):
    """A news tag whose slug is ASCII: "hội chợ" -> hoi-cho (taggit would keep the marks)."""

    class Meta:
        verbose_name = _("thẻ tin")
        verbose_name_plural = _("thẻ tin")

    def slugify(self, tag, i=None):
        slug = ascii_slug(tag, max_length=90) or "the"
        return f"{slug}-{i}" if i is not None else slug


class NewsPageTag(ItemBase):
    tag = models.ForeignKey(NewsTag, related_name="tagged_news", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "cms.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(SitePage):
    """A programme news article."""

    date = models.DateField(_("ngày đăng"))
    province = models.CharField(
        _("tỉnh, thành"), max_length=2, choices=province_choices, blank=True
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("thẻ"))
    author = models.CharField(_("tác giả"), max_length=120, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đầu bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("province"), FieldPanel("author"),
             FieldPanel("tags")],
            heading=_("Thông tin bài"),
        ),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("province"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bài tin")
        verbose_name_plural = _("bài tin")

    def searchable_text(self) -> str:
        return f"{self.title} {self.summary} {_stream_text(self.body)}"

    def province_label(self) -> str:
        return province_name(self.province) if self.province else ""

    def share_image(self):
        return self.og_image or self.hero_image


class StandardPage(SitePage):
    """A programme or policy page: what OCOP is, the criteria, shipping, privacy…"""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("nội dung"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = SitePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("trang thông tin")
        verbose_name_plural = _("trang thông tin")

    def searchable_text(self) -> str:
        return f"{self.title} {self.intro} {_stream_text(self.body)}"
