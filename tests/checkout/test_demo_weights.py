"""Demo products carry a weight for delivery rates (tourism vouchers do not), and
seeding gives one only where none is stored."""

from catalogue.demo.products import WEIGHT_RANGES, demo_products
from catalogue.demo.seed import apply_weights
from catalogue.validity import local_today
from tests.factories import ProductFactory


def test_demo_weights_by_group_and_stable():
    first = demo_products(20, today=local_today())
    again = demo_products(20, today=local_today())
    for product, same in zip(first, again, strict=True):
        if product.group == "tourism_service":
            assert product.weight_grams is None
        else:
            low, high = WEIGHT_RANGES[product.group]
            assert low <= product.weight_grams <= high
        assert product.weight_grams == same.weight_grams


def test_seeding_weights_never_overwrites(groups):
    demo = [p for p in demo_products(5, today=local_today()) if p.weight_grams][:2]
    weighed = ProductFactory(code=demo[0].code, weight_grams=999, stock=False)
    bare = ProductFactory(code=demo[1].code, weight_grams=None, stock=False)
    assert apply_weights(demo) == 1
    weighed.refresh_from_db()
    bare.refresh_from_db()
    assert weighed.weight_grams == 999 and bare.weight_grams == demo[1].weight_grams
