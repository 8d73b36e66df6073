"""Editors' screens in Vietnamese: our own labels, and Wagtail's wrong or missing
Vietnamese overridden by cms/locale/vi."""

from django.utils import translation
from django.utils.translation import gettext

from cms.blocks import HomeStreamBlock, ProductGridBlock
from cms.models import NewsPage


def test_wagtail_admin_words_read_as_vietnamese():
    with translation.override("vi"):
        assert gettext("Slug") == "Đường dẫn (slug)"  # Wagtail's own says "Tiêu đề"
        assert gettext("Locale") == "Ngôn ngữ"
        assert gettext("Submit for moderation") == "Gửi kiểm duyệt"
        assert gettext("Go-live date/time") == "Ngày giờ xuất bản"
        assert gettext("Order").strip() == "Đơn hàng"  # Oscar's purchase order keeps its word


def test_our_labels_are_vietnamese():
    with translation.override("vi"):
        assert str(NewsPage._meta.verbose_name) == "bài tin"
        assert str(NewsPage._meta.get_field("summary").verbose_name) == "tóm tắt"
        grid = ProductGridBlock()
        assert str(grid.meta.label) == "Sản phẩm theo điều kiện"
        assert str(grid.child_blocks["sort"].label) == "Thứ tự"
        assert str(grid.child_blocks["limit"].label) == "Số sản phẩm"
        for block in HomeStreamBlock().child_blocks.values():
            assert block.meta.icon and (block.meta.label or block.label)
