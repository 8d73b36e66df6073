"""The six OCOP product groups (nhóm sản phẩm).

Each group is an Oscar category whose ``code`` is the registry's group code,
so Oscar's category browsing works unchanged.
"""

from django.utils.translation import gettext_lazy, gettext_noop

# registry code -> (slug, Vietnamese name). Categories store the Vietnamese
# name; ``GROUP_LABELS`` translates the same strings (marked here for makemessages).
GROUPS: dict[str, tuple[str, str]] = {
    "food": ("thuc-pham", gettext_noop("Thực phẩm")),
    "beverage": ("do-uong", gettext_noop("Đồ uống")),
    "herbal": ("thao-duoc", gettext_noop("Thảo dược")),
    "textile": ("vai-va-may-mac", gettext_noop("Vải và may mặc")),
    "souvenir_decor": (
        "luu-niem-noi-that-trang-tri", gettext_noop("Lưu niệm – nội thất – trang trí")
    ),
    "tourism_service": (
        "dich-vu-du-lich-cong-dong", gettext_noop("Dịch vụ du lịch cộng đồng và điểm du lịch")
    ),
}

GROUP_LABELS = {code: gettext_lazy(name) for code, (_slug, name) in GROUPS.items()}

GROUP_CODES = tuple(GROUPS)
