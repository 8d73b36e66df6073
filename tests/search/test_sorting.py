"""Sort labels have one definition (``search.sorting``): list pages and the
CMS product block read the same table."""

from catalogue.sorting import SORTS
from search.forms import ProductFilterForm
from search.sorting import LABELS, RELEVANCE, sort_choices


def test_every_sort_key_has_one_label():
    assert set(LABELS) == set(SORTS) | {RELEVANCE}
    assert dict(ProductFilterForm().fields["sort"].choices) == LABELS


def test_the_cms_block_uses_the_search_labels():
    from cms.blocks import BLOCK_SORTS, ProductGridBlock

    assert BLOCK_SORTS == sort_choices("newest", "stars")
    block = ProductGridBlock().child_blocks["sort"]
    assert [(k, str(v)) for k, v in block.field.choices] == [
        (k, str(LABELS[k])) for k in ("newest", "stars")]


def test_sort_choices_keep_the_table_order():
    assert [k for k, _label in sort_choices("stars", "newest")] == ["newest", "stars"]
