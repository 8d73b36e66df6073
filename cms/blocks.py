"""Editors' blocks, in the style of bakerydemo's ``base/blocks.py``.

Every product a block shows comes from the catalogue's selector
(``catalogue.selectors.product_cards``/``product_list``), so a product whose
certificate expires or is revoked drops out of the page at once, hand-picked
ones included; nothing here re-implements the rule.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from catalogue.groups import GROUP_LABELS
from catalogue.provinces import province_choices
from catalogue.selectors import group_categories, product_cards, product_list
from catalogue.sorting import DEFAULT_SORT
from catalogue.stars import star_choices_as_text
from search.sorting import sort_choices

from .choosers import product_chooser_viewset

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="cms.blocks"
)


# The catalogue's orders (catalogue.sorting.SORTS) that suit a block, with
# search's labels (one definition for lists and blocks).
BLOCK_SORTS = sort_choices("newest", "stars")


def _provinces():
    return [("", _("Mọi tỉnh, thành"))] + province_choices()


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"))
    text = blocks.TextBlock(label=_("Nội dung"), required=False)
    image = ImageChooserBlock(label=_("Ảnh"), required=False)
    link_text = blocks.CharBlock(label=_("Chữ trên nút"), required=False)
    link_url = blocks.CharBlock(label=_("Đường dẫn của nút"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/hero.html"
        label = _("Ảnh bìa")
        description = _("Tiêu đề lớn đầu trang, có ảnh và nút dẫn tới một trang.")
        preview_value = {
            "heading": "Đặc sản vùng miền, chứng nhận OCOP còn hiệu lực",
            "text": "Quét mã QR trên tem để kiểm tra giấy chứng nhận.",
            "link_text": "Xem sản phẩm",
            "link_url": "/catalogue/",
        }


class HeadingBlock(blocks.CharBlock):
    class Meta:
        form_classname = "title"
        icon = "title"
        template = "blocks/heading.html"
        label = _("Tiêu đề mục")
        description = _("Một tiêu đề chia bài thành các mục.")
        preview_value = "Sản phẩm 5 sao là cấp quốc gia"


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = _("Đoạn văn")
        description = _("Văn bản có định dạng: đậm, nghiêng, liên kết, danh sách.")
        preview_value = "<p>Sản phẩm OCOP được chấm theo bộ tiêu chí 100 điểm.</p>"


class ImageBlock(ImageChooserBlock):
    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Ảnh")
        description = _("Một ảnh rộng hết cột nội dung, chú thích là tên ảnh.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Lời trích"))
    attribution = blocks.CharBlock(label=_("Người nói"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Trích dẫn")
        description = _("Lời của một người, có ghi tên.")
        preview_value = {
            "text": "Sản phẩm phải giữ được chất lượng sau khi đạt sao.",
            "attribution": "Hội đồng đánh giá cấp tỉnh",
        }


class VideoBlock(EmbedBlock):
    class Meta:
        icon = "media"
        template = "blocks/embed.html"
        label = _("Video hoặc nội dung nhúng")
        description = _("Dán đường dẫn YouTube, Vimeo…")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(label=_("Tên hiển thị"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("Tài liệu tải về")
        description = _("Một văn bản để tải về: quyết định, bộ tiêu chí…")


class ProductGridBlock(blocks.StructBlock):
    """Products chosen by a rule ("newest 5★ in Quảng Ninh"), filtered like the catalogue."""

    heading = blocks.CharBlock(label=_("Tiêu đề"))
    group = blocks.ChoiceBlock(
        choices=[("", _("Mọi nhóm"))] + list(GROUP_LABELS.items()),
        required=False,
        label=_("Nhóm sản phẩm"),
    )
    stars = blocks.ChoiceBlock(
        choices=[("", _("Mọi hạng sao")), *star_choices_as_text()],
        required=False,
        label=_("Hạng sao"),
    )
    province = blocks.ChoiceBlock(choices=_provinces, required=False, label=_("Tỉnh, thành"))
    sort = blocks.ChoiceBlock(
        choices=BLOCK_SORTS,
        default=DEFAULT_SORT,
        label=_("Thứ tự"),
    )
    limit = blocks.IntegerBlock(default=8, min_value=1, max_value=24, label=_("Số sản phẩm"))

    class Meta:
        icon = "list-ul"
        template = "blocks/product_grid.html"
        label = _("Sản phẩm theo điều kiện")
        description = _(
            "Sản phẩm đang được chứng nhận, chọn theo nhóm, hạng sao và tỉnh; "
            "sản phẩm hết hạn hay bị thu hồi tự rời khỏi trang."
        )
        preview_value = {"heading": "Sản phẩm OCOP 5 sao mới nhất", "stars": "5",
                         "sort": DEFAULT_SORT, "limit": 4}

    def get_context(self, value, parent_context=None):
        from catalogue.models import Category

        ctx = super().get_context(value, parent_context)
        category = Category.objects.filter(code=value["group"]).first() if value["group"] else None
        products = product_list(
            category=category,
            province=value.get("province") or None,
            stars=int(value["stars"]) if value["stars"] else None,
            sort=value["sort"],
        )
        ctx["products"] = products[: value["limit"]]
        ctx["category"] = category
        return ctx


class ProductPicksBlock(blocks.StructBlock):
    """Products an editor picked by hand; each shows only while it may be sold."""

    heading = blocks.CharBlock(label=_("Tiêu đề"), required=False)
    products = blocks.ListBlock(ProductChooserBlock(label=_("Sản phẩm")), label=_("Sản phẩm"))

    class Meta:
        icon = "tag"
        template = "blocks/product_picks.html"
        label = _("Sản phẩm chọn tay")
        description = _(
            "Những sản phẩm biên tập viên chọn; sản phẩm hết hạn hay bị thu hồi "
            "chứng nhận tự rời khỏi trang."
        )

    def get_context(self, value, parent_context=None):
        ctx = super().get_context(value, parent_context)
        # The stored picks are ids; the selector decides which are shown, in the editor's order.
        ids = [product.pk for product in value["products"] if product is not None]
        shown = {p.pk: p for p in product_cards().filter(pk__in=ids)}
        ctx["products"] = [shown[pk] for pk in ids if pk in shown]
        return ctx


class GroupTilesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"), default=_("Sáu nhóm sản phẩm OCOP"))

    class Meta:
        icon = "grip"
        template = "blocks/group_tiles.html"
        label = _("Sáu nhóm sản phẩm")
        description = _("Ô dẫn tới sáu nhóm sản phẩm của Chương trình OCOP.")
        preview_value = {"heading": "Sáu nhóm sản phẩm OCOP"}

    def get_context(self, value, parent_context=None):
        ctx = super().get_context(value, parent_context)
        ctx["groups"] = group_categories()
        return ctx


class LatestNewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"), default=_("Tin tức OCOP"))
    limit = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("Số tin"))

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/latest_news.html"
        label = _("Tin mới nhất")
        description = _("Những tin mới nhất đã xuất bản, bằng ngôn ngữ của người đọc.")
        preview_value = {"heading": "Tin tức OCOP", "limit": 3}

    def get_context(self, value, parent_context=None):
        from .selectors import latest_news, news_index

        ctx = super().get_context(value, parent_context)
        ctx["news"] = latest_news(limit=value["limit"])
        ctx["index"] = news_index()
        return ctx


class ShowroomsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"), default=_("Điểm bán OCOP"))
    province = blocks.ChoiceBlock(choices=_provinces, required=False, label=_("Tỉnh, thành"))
    limit = blocks.IntegerBlock(default=6, min_value=1, max_value=24, label=_("Số điểm bán"))

    class Meta:
        icon = "site"
        template = "blocks/showrooms.html"
        label = _("Điểm bán gần một tỉnh")
        description = _("Điểm giới thiệu và bán sản phẩm OCOP của một tỉnh, thành.")
        preview_value = {"heading": "Điểm bán OCOP ở Quảng Ninh", "province": "22", "limit": 3}

    def get_context(self, value, parent_context=None):
        from shops.selectors import showrooms

        ctx = super().get_context(value, parent_context)
        ctx["showrooms"] = list(showrooms(province=value["province"] or None)[: value["limit"]])
        return ctx


class ProgrammeFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"), default=_("Sản phẩm OCOP theo tỉnh"))

    class Meta:
        icon = "table"
        template = "blocks/programme_figures.html"
        label = _("Số liệu Chương trình")
        description = _(
            "Số sản phẩm đang được chứng nhận theo hạng sao và theo tỉnh, "
            "cập nhật khi có thay đổi và mỗi nửa đêm."
        )
        preview_value = {"heading": "Sản phẩm OCOP theo tỉnh"}

    def get_context(self, value, parent_context=None):
        from .figures import programme_figures

        ctx = super().get_context(value, parent_context)
        ctx["figures"] = programme_figures()
        return ctx


class BodyStreamBlock(blocks.StreamBlock):
    """An article's body: text, media, related products and documents."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = VideoBlock()
    document = DocumentBlock()
    product_picks = ProductPicksBlock()
    products = ProductGridBlock()


class HomeStreamBlock(BodyStreamBlock):
    """The home page: every body block plus the programme-wide sections."""

    hero = HeroBlock()
    groups = GroupTilesBlock()
    figures = ProgrammeFiguresBlock()
    latest_news = LatestNewsBlock()
    showrooms = ShowroomsBlock()


