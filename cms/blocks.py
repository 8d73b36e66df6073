"""Editors' blocks. Product blocks pick products through the catalogue's
selector, so an uncertified product never reaches a page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from catalogue.groups import GROUP_LABELS
from catalogue.selectors import product_list
from catalogue.stars import star_choices_as_text
from search.sorting import DEFAULT_SORT, sort_choices


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.TextBlock(label=_("Text"), required=False)
    image = ImageChooserBlock(label=_("Image"), required=False)
    link_text = blocks.CharBlock(label=_("Link text"), required=False)
    link_url = blocks.CharBlock(label=_("Link URL"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/hero.html"
        label = _("Hero")


class ProductGridBlock(blocks.StructBlock):
    """A row of certified products, filtered like the catalogue."""

    heading = blocks.CharBlock(label=_("Heading"))
    group = blocks.ChoiceBlock(
        choices=[("", _("All groups"))] + list(GROUP_LABELS.items()),
        required=False,
        label=_("Group"),
    )
    stars = blocks.ChoiceBlock(
        choices=[("", _("Any")), *star_choices_as_text()],
        required=False,
        label=_("Stars"),
    )
    sort = blocks.ChoiceBlock(
        choices=sort_choices(DEFAULT_SORT, "stars"),
        default=DEFAULT_SORT,
        label=_("Order"),
    )
    limit = blocks.IntegerBlock(default=8, min_value=1, max_value=24, label=_("How many"))

    class Meta:
        icon = "list-ul"
        template = "blocks/product_grid.html"
        label = _("Product grid")

    def get_context(self, value, parent_context=None):
        from catalogue.models import Category

        ctx = super().get_context(value, parent_context)
        category = Category.objects.filter(code=value["group"]).first() if value["group"] else None
        products = product_list(
            category=category,
            stars=int(value["stars"]) if value["stars"] else None,
            sort=value["sort"],
        )
        ctx["products"] = products[: value["limit"]]
        ctx["category"] = category
        return ctx


class BaseStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="blocks/heading.html", label=_("Heading")
    )
    paragraph = blocks.RichTextBlock(
        icon="pilcrow", template="blocks/paragraph.html", label=_("Paragraph")
    )
    image = ImageChooserBlock(template="blocks/image.html", label=_("Image"))
    products = ProductGridBlock()
