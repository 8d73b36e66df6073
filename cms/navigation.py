"""Menus and footer that editors change: Wagtail site settings.

The menu links pages, not paths: a page link follows the page when it is
moved, and renders in the visitor's language (``Page.localized``). Labels typed
by editors are Vietnamese, with an optional English one for English pages
(``cms_tags.menu_label``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Trang"))
    title = blocks.CharBlock(
        label=_("Tên hiện trên menu"), required=False,
        help_text=_("Để trống: dùng tiêu đề của trang."),
    )
    title_en = blocks.CharBlock(
        label=_("Tên tiếng Anh"), required=False,
        help_text=_("Hiện trên trang tiếng Anh khi trang chưa có bản dịch. "
                    "Để trống: dùng tên tiếng Việt."),
    )

    class Meta:
        icon = "doc-empty"
        label = _("Liên kết tới trang")
        description = _("Một trang của trang web; tự theo ngôn ngữ của người đọc.")


class ExternalLinkBlock(blocks.StructBlock):
    url = blocks.CharBlock(label=_("Đường dẫn"), help_text=_("Ví dụ /catalogue/ hoặc https://…"))
    title = blocks.CharBlock(label=_("Tên hiện trên menu"))
    title_en = blocks.CharBlock(
        label=_("Tên tiếng Anh"), required=False,
        help_text=_("Hiện trên trang tiếng Anh. Để trống: dùng tên tiếng Việt."),
    )

    class Meta:
        icon = "link"
        label = _("Liên kết khác")
        description = _("Một đường dẫn tới trang sản phẩm, điểm bán hay trang web khác.")


class LinkStreamBlock(blocks.StreamBlock):
    page = PageLinkBlock()
    link = ExternalLinkBlock()


@register_setting(icon="list-ul")
class MainMenu(BaseSiteSetting):
    items = StreamField(LinkStreamBlock(), blank=True, verbose_name=_("mục menu"))

    panels = [FieldPanel("items")]

    class Meta:
        verbose_name = _("menu chính")


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """What a Vietnamese online shop must show: who runs it and how to reach them."""

    organisation = models.CharField(_("tên đơn vị"), max_length=255, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    business_registration = models.TextField(
        _("đăng ký kinh doanh"), blank=True,
        help_text=_("Số giấy chứng nhận đăng ký doanh nghiệp, nơi cấp, ngày cấp."),
    )
    moit_notice_url = models.URLField(
        _("đường dẫn thông báo Bộ Công Thương"), blank=True,
        help_text=_("Trang xác nhận website thương mại điện tử đã thông báo (online.gov.vn)."),
    )
    policy_links = StreamField(LinkStreamBlock(), blank=True, verbose_name=_("liên kết chính sách"))

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("hotline"), FieldPanel("email"),
             FieldPanel("address")],
            heading=_("Liên hệ"),
        ),
        MultiFieldPanel(
            [FieldPanel("business_registration"), FieldPanel("moit_notice_url")],
            heading=_("Thông tin pháp lý"),
        ),
        FieldPanel("policy_links"),
    ]

    class Meta:
        verbose_name = _("chân trang")
