"""Oscar product classes for registry products, chosen by OCOP group."""

from .models import ProductClass

# Tourism services are experiences and vouchers: nothing to ship.
EXPERIENCE_GROUPS = {"tourism_service"}
GOODS = ("san-pham-ocop", "Sản phẩm OCOP", True)
EXPERIENCES = ("trai-nghiem-du-lich", "Trải nghiệm du lịch", False)


def product_class_for_group(group: str) -> ProductClass:
    slug, name, requires_shipping = EXPERIENCES if group in EXPERIENCE_GROUPS else GOODS
    product_class, _ = ProductClass.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "requires_shipping": requires_shipping, "track_stock": True},
    )
    return product_class
