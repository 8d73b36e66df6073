"""Demo producers (chủ thể OCOP) of every kind, with tax codes.

A producer is fixed by (place, group, locality, slot), so the same registry
id always carries the same name and tax code, whichever product asks.
"""

import random

from .places import Place

KINDS = (
    ("cooperative", 40),
    ("company", 25),
    ("household", 25),
    ("cooperative_group", 10),
)

COMPANY_TRADES = {
    "food": ("Thực phẩm", "Nông sản", "Đặc sản", "Chế biến nông sản", "Thực phẩm sạch"),
    "beverage": ("Đồ uống", "Rượu truyền thống", "Trà và thảo mộc", "Nông sản"),
    "herbal": ("Dược liệu", "Nam dược", "Thảo dược", "Dược phẩm cổ truyền"),
    "textile": ("Dệt may", "Thổ cẩm", "Tơ lụa"),
    "souvenir_decor": ("Thủ công mỹ nghệ", "Gốm sứ", "Mỹ nghệ", "Nội thất tre"),
    "tourism_service": ("Du lịch", "Du lịch sinh thái", "Dịch vụ du lịch"),
}
COOPERATIVE_TRADES = {
    "food": ("Nông nghiệp", "Dịch vụ nông nghiệp", "Nông lâm nghiệp", "Chế biến nông sản"),
    "beverage": ("Sản xuất rượu", "Chè", "Nông nghiệp", "Dịch vụ nông nghiệp"),
    "herbal": ("Dược liệu", "Nông lâm nghiệp", "Trồng và chế biến dược liệu"),
    "textile": ("Dệt thổ cẩm", "Dệt may", "Thêu dệt"),
    "souvenir_decor": ("Mây tre đan", "Thủ công mỹ nghệ", "Gốm", "Làng nghề"),
    "tourism_service": ("Du lịch cộng đồng", "Dịch vụ du lịch", "Du lịch nông nghiệp"),
}
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
                "Dương", "Lý", "Nông", "Triệu", "Lục", "Hà", "Đinh", "Mai", "Lò", "Sầm")
MIDDLE_NAMES = ("Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu", "Kim")
GIVEN_NAMES = ("Lan", "Hoa", "Hùng", "Dũng", "Hương", "Thảo", "Sơn", "Hải", "Tuấn", "Mai",
               "Nga", "Bình", "Cường", "Yến", "Phúc", "Thắm", "Vinh", "Hạnh", "Toàn", "Chiến")


def _kind(rng: random.Random) -> str:
    kinds, weights = zip(*KINDS, strict=True)
    return rng.choices(kinds, weights=weights)[0]


def producer_record(*, place: Place, group_number: int, group: str, locality: str,
                    slot: int, seed: str) -> dict:
    """The registry's producer object for one demo producer."""
    locality_index = place.localities.index(locality) if locality in place.localities else 99
    registry_id = f"P-{place.code}-{group_number}{locality_index:02d}{slot}"
    rng = random.Random(f"{seed}:producer:{registry_id}")
    kind = _kind(rng)
    if kind == "company":
        legal = rng.choice(("Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần"))
        name = f"{legal} {rng.choice(COMPANY_TRADES[group])} {locality}"
    elif kind == "cooperative":
        name = f"HTX {rng.choice(COOPERATIVE_TRADES[group])} {locality}"
    elif kind == "cooperative_group":
        name = f"Tổ hợp tác {rng.choice(COOPERATIVE_TRADES[group])} {locality}"
    else:
        person = " ".join(
            (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES), rng.choice(GIVEN_NAMES))
        )
        name = f"Hộ kinh doanh {person}"
    tax_code = place.tax_prefix + "".join(str(rng.randrange(10)) for _ in range(8))
    return {"registry_id": registry_id, "name": name, "tax_code": tax_code, "kind": kind}
