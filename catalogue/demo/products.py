"""The demo catalogue: products, their registry records and prices.

Where each product is stocked is the showrooms' business (``shops/demo.py``).

``demo_products(count, today=...)`` is deterministic: product ``i`` depends
only on the seed, ``i`` and the names taken by products before it, so a
bigger run extends a smaller one instead of replacing it.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from ..groups import GROUP_CODES
from ..provinces import province_name, resolve_province
from ..text import fold_text
from .certificates import PLAN_CYCLE, certificate_dates
from .places import GENERIC, PLACES, Place
from .producers import producer_record

SEED = "ocop-demo-v1"
DEFAULT_COUNT = 320

# One cycle of 20 products: food first, then beverages, herbs, crafts, tourism.
GROUP_CYCLE = (
    "food", "beverage", "herbal", "food", "souvenir_decor", "food", "tourism_service",
    "beverage", "textile", "food", "herbal", "food", "beverage", "souvenir_decor", "food",
    "textile", "herbal", "food", "tourism_service", "beverage",
)
# Bigger programmes get more products (Quảng Ninh, Bắc Kạn, Hòa Bình).
PLACE_WEIGHTS = {"22": 4, "06": 3, "17": 3}

# (lightest, heaviest) packed weight in grams per group, for delivery rates.
WEIGHT_RANGES = {
    "food": (200, 2000), "beverage": (300, 1500), "herbal": (100, 800),
    "textile": (200, 1200), "souvenir_decor": (300, 5000),
}
# (lowest, highest) price in đồng per group; tourism is sold as vouchers.
PRICE_RANGES = {
    "food": (35_000, 450_000),
    "beverage": (60_000, 950_000),
    "herbal": (80_000, 1_500_000),
    "textile": (150_000, 1_500_000),
    "souvenir_decor": (90_000, 1_500_000),
    "tourism_service": (450_000, 3_500_000),
}
QUALITY_MARKS = {
    "food": ("VietGAP", "HACCP", "ISO 22000", "SSOP", "hữu cơ"),
    "beverage": ("HACCP", "ISO 22000", "VietGAP", "hữu cơ"),
    "herbal": ("GACP-WHO", "GMP", "VietGAP"),
    "textile": ("ISO 9001",),
    "souvenir_decor": ("ISO 9001",),
    "tourism_service": (),
}
PACKS = {
    "food": ("túi 500 g", "hộp 1 kg", "hộp quà 300 g", "túi hút chân không 250 g", "thùng 5 kg"),
    "beverage": ("hộp 200 g", "chai 500 ml", "bình 1 lít", "hộp quà 2 chai", "túi 100 g"),
    "herbal": ("lọ 100 g", "hộp 30 gói", "chai 10 ml", "hộp 250 g"),
}
DESCRIPTIONS = {
    "food": (
        "{name} là đặc sản của {locality}, {province}, do {producer} sản xuất theo cách làm "
        "truyền thống từ nguyên liệu của địa phương. {marks}Sản phẩm đóng {pack}, bảo quản "
        "nơi khô mát, dùng làm quà biếu hoặc cho bữa cơm gia đình."
    ),
    "beverage": (
        "{name} của {producer} được làm từ nguyên liệu trồng tại {locality}, {province}, "
        "giữ trọn hương vị vùng đất. {marks}Quy cách: {pack}. Thưởng thức ngon nhất khi "
        "pha hoặc dùng ngay sau khi mở."
    ),
    "herbal": (
        "{name} được {producer} chế biến từ dược liệu vùng {locality}, {province}, theo "
        "bài thuốc dân gian được lưu truyền nhiều đời. {marks}Quy cách: {pack}. Sản phẩm "
        "không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh."
    ),
    "textile": (
        "{name} do các nghệ nhân của {producer} dệt thủ công tại {locality}, {province}, "
        "với hoa văn truyền thống của đồng bào địa phương. {marks}Mỗi sản phẩm là độc bản, "
        "màu sắc có thể khác đôi chút so với ảnh."
    ),
    "souvenir_decor": (
        "{name} là sản phẩm thủ công của {producer} tại {locality}, {province}, làm từ "
        "nguyên liệu tự nhiên. {marks}Thích hợp làm quà lưu niệm và trang trí nhà cửa."
    ),
    "tourism_service": (
        "{name}: trải nghiệm du lịch cộng đồng do {producer} tổ chức tại {locality}, "
        "{province}. Du khách được tìm hiểu đời sống, văn hóa của người dân, thưởng thức "
        "ẩm thực địa phương và cùng tham gia hoạt động sản xuất. Voucher dùng cho 2 người, "
        "đặt lịch trước ít nhất 3 ngày, có giá trị trong 12 tháng."
    ),
}


@dataclass(frozen=True)
class DemoProduct:
    index: int
    code: str  # the registry's product_code
    name: str
    group: str
    place: Place
    locality: str
    plan: str
    records: tuple[dict, ...]  # registry records, oldest certificate first
    price: Decimal
    description: str

    @property
    def today_province_code(self) -> str:
        return resolve_province(self.place.code)

    @property
    def weight_grams(self) -> int | None:
        """Packed weight for delivery rates; tourism vouchers are not shipped."""
        low, high = WEIGHT_RANGES[self.group] if self.group in WEIGHT_RANGES else (0, 0)
        if not high:
            return None
        return random.Random(f"{SEED}:{self.index}:weight").randrange(low, high + 1, 50)


def demo_products(count: int = DEFAULT_COUNT, *, today: dt.date, seed: str = SEED):
    """The first ``count`` demo products with their records for ``today``."""
    taken: set[str] = set()
    return [_product(i, today=today, seed=seed, taken=taken) for i in range(count)]


def demo_records(products) -> list[dict]:
    return [record for product in products for record in product.records]


def _place(i: int, rng: random.Random) -> Place:
    if i < len(PLACES):  # every place appears early, even in a small run
        return PLACES[i]
    return rng.choices(PLACES, weights=[PLACE_WEIGHTS.get(p.code, 1) for p in PLACES])[0]


def _name(rng: random.Random, place: Place, group: str, taken: set[str]) -> tuple[str, str]:
    """A product name not taken yet, and the locality it comes from."""
    specialties = [n for n in place.specialties.get(group, ()) if n not in taken]
    if specialties and rng.random() < 0.8:
        name = rng.choice(specialties)
        locality = next((loc for loc in place.localities if loc in name), None)
        return name, locality or rng.choice(place.localities)
    bases = [b for b, terrain in GENERIC[group] if not terrain or terrain & place.terrain]
    for _attempt in range(12):
        base, locality = rng.choice(bases), rng.choice(place.localities)
        if f"{base} {locality}" not in taken:
            return f"{base} {locality}", locality
    # A big run (benchmarks) exhausts the combinations: number the editions.
    name = f"{base} {locality}"
    edition = 2
    while f"{name} – mẫu {edition}" in taken:
        edition += 1
    return f"{name} – mẫu {edition}", locality


def _code(place: Place, name: str, i: int) -> str:
    words = "".join(ch for ch in fold_text(name).upper().split()[:2] for ch in ch if ch.isalnum())
    return f"{place.prefix}-{words[:12]}-{i + 1:05d}"


def _price(rng: random.Random, group: str) -> Decimal:
    low, high = PRICE_RANGES[group]
    # Cheaper items are more common: skew towards the low end, round to 5.000 đ.
    value = low + (high - low) * rng.random() ** 2.2
    return Decimal(max(low, round(value / 5_000) * 5_000))


def _description(rng, *, name, group, place, locality, producer_name) -> str:
    marks = rng.sample(QUALITY_MARKS[group], min(len(QUALITY_MARKS[group]), rng.randint(0, 2)))
    mark_text = (
        f"Cơ sở sản xuất đạt tiêu chuẩn {', '.join(marks)}; sản phẩm có tem điện tử truy xuất "
        "nguồn gốc. "
        if marks
        else "Sản phẩm có tem điện tử truy xuất nguồn gốc. "
    )
    pack = rng.choice(PACKS.get(group, ("",)))
    return DESCRIPTIONS[group].format(
        name=name,
        locality=locality,
        province=province_name(resolve_province(place.code)),
        producer=producer_name,
        marks=mark_text if group != "tourism_service" else "",
        pack=pack,
    )


def _product(i: int, *, today: dt.date, seed: str, taken: set[str]) -> DemoProduct:
    rng = random.Random(f"{seed}:{i}")
    group = GROUP_CYCLE[i % len(GROUP_CYCLE)]
    plan = PLAN_CYCLE[(i * 7) % len(PLAN_CYCLE)]
    place = _place(i, rng)
    name, locality = _name(rng, place, group, taken)
    taken.add(name)
    code = _code(place, name, i)
    producer = producer_record(
        place=place,
        group_number=GROUP_CODES.index(group) + 1,
        group=group,
        locality=locality,
        slot=rng.randint(0, 1),
        seed=seed,
    )
    # Same-day runs carry the same updated_at, so a second run changes nothing;
    # a later day's run is newer and moves the dates along with today.
    updated_at = dt.datetime.combine(today, dt.time(0, 0)).isoformat() + "+07:00"
    # Dates draw from their own stream: another day must not change the product.
    dates_rng = random.Random(f"{seed}:{i}:certificates")
    records = []
    for k, dates in enumerate(certificate_dates(plan, dates_rng, today, place)):
        province_code, issuer = place.issuer_on(dates["issued_on"])
        records.append(
            {
                "certificate_no": f"{place.prefix}-OCOP-{2 * i + k + 1:05d}",
                "product_code": code,
                "product_name": name,
                "group": group,
                **dates,
                "issued_on": dates["issued_on"].isoformat(),
                "expires_on": dates["expires_on"].isoformat(),
                "revoked_on": dates["revoked_on"].isoformat() if dates["revoked_on"] else None,
                "decision_no": f"{rng.randint(95, 3150)}/QĐ-UBND",
                "issuer": issuer,
                "province_code": province_code,
                "producer": producer,
                "updated_at": updated_at,
            }
        )
    return DemoProduct(
        index=i,
        code=code,
        name=name,
        group=group,
        place=place,
        locality=locality,
        plan=plan,
        records=tuple(records),
        price=_price(rng, group),
        description=_description(
            rng, name=name, group=group, place=place, locality=locality,
            producer_name=producer["name"],
        ),
    )
