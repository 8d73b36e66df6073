"""Oscar product classes for registry products, chosen by OCOP group."""

from .models import Option, ProductClass

# Tourism services are experiences and vouchers: nothing to ship.
EXPERIENCE_GROUPS = {"tourism_service"}
GOODS = ("san-pham-ocop", "Sản phẩm OCOP", True)
EXPERIENCES = ("trai-nghiem-du-lich", "Trải nghiệm du lịch", False)

# The date the shopper will visit, asked when an experience is added to the basket
# (its rule and form field: ``storefront.tourism.visit_dates``).
VISIT_DATE_OPTION_CODE = "ngay-tham-quan"
VISIT_DATE_OPTION = {
    "name": "Ngày tham quan",
    "type": Option.DATE,
    "required": True,
    "order": 1,
    "help_text": "Ngày bạn đến trải nghiệm. Phiếu chỉ dùng được đúng ngày này.",
}


def visit_date_option() -> Option:
    option, _ = Option.objects.get_or_create(code=VISIT_DATE_OPTION_CODE,
                                             defaults=VISIT_DATE_OPTION)
    return option


def product_class_for_group(group: str) -> ProductClass:
    slug, name, requires_shipping = EXPERIENCES if group in EXPERIENCE_GROUPS else GOODS
    product_class, created = ProductClass.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "requires_shipping": requires_shipping, "track_stock": True},
    )
    if created and not requires_shipping:
        product_class.options.add(visit_date_option())
    return product_class
