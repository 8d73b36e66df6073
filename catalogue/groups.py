"""The six OCOP product groups (nhóm sản phẩm).

Each group is an Oscar category whose ``code`` is the registry's group code,
so Oscar's category browsing works unchanged.
"""

from django.utils.translation import gettext_lazy as _

# registry code -> (slug, Vietnamese name shown first, translatable label)
GROUPS: dict[str, tuple[str, str]] = {
    "food": ("thuc-pham", "Thực phẩm"),
    "beverage": ("do-uong", "Đồ uống"),
    "herbal": ("thao-duoc", "Thảo dược"),
    "textile": ("vai-va-may-mac", "Vải và may mặc"),
    "souvenir_decor": ("luu-niem-noi-that-trang-tri", "Lưu niệm – nội thất – trang trí"),
    "tourism_service": ("dich-vu-du-lich-cong-dong", "Dịch vụ du lịch cộng đồng và điểm du lịch"),
}

GROUP_LABELS = {
    "food": _("Thực phẩm"),
    "beverage": _("Đồ uống"),
    "herbal": _("Thảo dược"),
    "textile": _("Vải và may mặc"),
    "souvenir_decor": _("Lưu niệm – nội thất – trang trí"),
    "tourism_service": _("Dịch vụ du lịch cộng đồng và điểm du lịch"),
}

GROUP_CODES = tuple(GROUPS)
