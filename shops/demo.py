"""Demo showrooms (điểm giới thiệu và bán sản phẩm OCOP) in several provinces,
their staff, and the demo products' prices and stock.

Addresses follow the two-tier local government (street, ward/commune,
province), with real wards; hours are structured (one showroom closed on
Sunday, one with a lunch break, one night market open past midnight).
Everything goes through ``shops.services`` and only creates what is missing:
an existing showroom keeps its phone, hours and staff, and a product that
was listed before keeps its prices, stock, description and pictures.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from catalogue.demo.products import SEED, DemoProduct
from catalogue.demo.seed import BATCH_SIZE, Progress, batched
from catalogue.models import Product, ProductImage

from .hours import Period, parse_hours
from .models import Partner, StockRecord
from .services import (
    Listing,
    ListingResult,
    StaffMember,
    products_list_for_sale,
    showroom_create_or_update,
)
from .wards import find_ward


@dataclass(frozen=True)
class DemoShowroom:
    slug: str
    name: str
    province_code: str
    street: str
    ward: str  # the ward's name as ``vietnam-provinces`` writes it
    periods: tuple[Period, ...]
    phone: str
    latitude: Decimal
    longitude: Decimal
    note: str

    @property
    def staff_email(self) -> str:
        return f"staff.{self.slug}@ocop.example.vn"

    @property
    def ward_code(self) -> str:
        return find_ward(self.province_code, self.ward) or ""


def _hours(text: str, *more: str) -> tuple[Period, ...]:
    """Periods from "HH:MM–HH:MM" texts, each for every day unless it names days."""
    periods = []
    for spec in (text, *more):
        periods += parse_hours(spec if "thứ" in spec else f"{spec} hằng ngày")
    return tuple(periods)


DAILY = _hours("08:00–21:00")
# Closed on Sunday.
OFFICE = _hours("07:30–17:30, thứ Hai – thứ Bảy")
# A lunch break: two periods a day.
SPLIT = _hours("07:30–11:30", "13:30–20:00")
# The night market: open past midnight.
NIGHT = _hours("17:00–01:00")
HOLIDAYS = "Nghỉ ba ngày Tết Nguyên đán (mùng 1–3)."
OPEN_ON_HOLIDAYS = "Mở cửa cả ngày lễ; nghỉ mùng 1 Tết."


def _room(slug, name, province, street, ward, hours, phone, lat, lon, note=OPEN_ON_HOLIDAYS):
    return DemoShowroom(slug, name, province, street, ward, hours, phone, Decimal(lat),
                        Decimal(lon), note)


SHOWROOMS: tuple[DemoShowroom, ...] = (
    _room("ocop-ha-long", "Trung tâm OCOP Quảng Ninh – Hạ Long", "22",
          "Số 18 đường Hạ Long", "Phường Bãi Cháy", _hours("08:00–22:00"),
          "0203 3846 118", "20.955100", "107.048300", HOLIDAYS),
    _room("ocop-van-don", "Điểm bán sản phẩm OCOP Vân Đồn", "22",
          "Khu Cái Rồng", "Đặc khu Vân Đồn", DAILY,
          "0203 3874 216", "21.065400", "107.420900"),
    _room("ocop-uong-bi", "Điểm bán sản phẩm OCOP Uông Bí", "22",
          "Số 5 đường Quang Trung", "Phường Uông Bí", OFFICE,
          "0203 3852 447", "21.036200", "106.772500"),
    _room("ocop-ba-be", "Điểm giới thiệu sản phẩm OCOP Ba Bể", "19",
          "Bến thuyền Pác Ngòi", "Xã Ba Bể", SPLIT,
          "0209 3894 025", "22.406800", "105.620300"),
    _room("ocop-thai-nguyen", "Cửa hàng OCOP Thái Nguyên", "19",
          "Số 42 đường Hoàng Văn Thụ", "Phường Phan Đình Phùng", DAILY,
          "0208 3855 690", "21.592800", "105.846700"),
    _room("ocop-cao-phong", "Điểm bán sản phẩm OCOP Cao Phong", "25",
          "Quốc lộ 6", "Xã Cao Phong", _hours("07:00–19:00"),
          "0218 3849 312", "20.704300", "105.327800"),
    _room("ocop-ha-noi", "Trung tâm giới thiệu sản phẩm OCOP Hà Nội", "01",
          "Số 12 phố Hàng Bài", "Phường Hoàn Kiếm", _hours("08:30–21:30"),
          "024 3826 5588", "21.024600", "105.852900", HOLIDAYS),
    _room("ocop-moc-chau", "Điểm bán sản phẩm OCOP Mộc Châu", "14",
          "Tiểu khu 4", "Phường Mộc Châu", DAILY,
          "0212 3866 204", "20.846900", "104.637200"),
    _room("ocop-lang-son", "Điểm bán sản phẩm OCOP Lạng Sơn", "20",
          "Số 9 đường Lê Lợi", "Phường Lương Văn Tri", OFFICE,
          "0205 3870 133", "21.853700", "106.761500"),
    _room("ocop-sa-pa", "Cửa hàng OCOP Sa Pa – chợ đêm", "15",
          "Số 3 đường Xuân Viên", "Phường Sa Pa", NIGHT,
          "0214 3871 960", "22.336400", "103.843800"),
    _room("ocop-da-lat", "Điểm bán sản phẩm OCOP Đà Lạt", "68",
          "Số 1 đường Nguyễn Thị Minh Khai", "Phường Xuân Hương - Đà Lạt", DAILY,
          "0263 3822 475", "11.942600", "108.437400"),
    _room("ocop-sai-gon", "Trung tâm OCOP Thành phố Hồ Chí Minh", "79",
          "Số 92 đường Lê Lợi", "Phường Bến Thành", _hours("08:00–21:00"),
          "028 3823 7070", "10.773300", "106.698900", HOLIDAYS),
)


def create_showrooms(*, staff_password: str, step: Progress) -> dict[str, Partner]:
    """The demo showrooms by slug; only those missing are created (with their staff)."""
    showrooms = Partner.objects.in_bulk([room.slug for room in SHOWROOMS], field_name="slug")
    for room in SHOWROOMS:
        if room.slug not in showrooms:
            showrooms[room.slug] = showroom_create_or_update(
                slug=room.slug,
                name=room.name,
                province_code=room.province_code,
                ward_code=room.ward_code,
                address=room.street,
                opening_hours=room.note,
                periods=room.periods,
                phone=room.phone,
                email=f"{room.slug}@ocop.example.vn",
                latitude=room.latitude,
                longitude=room.longitude,
                staff=[
                    StaffMember(
                        email=room.staff_email,
                        first_name="Nhân viên",
                        last_name=room.name.split("OCOP", 1)[-1].strip(" –") or room.name,
                        password=staff_password,
                    )
                ],
            )
        step(1)
    return showrooms


def demo_stock(demo: DemoProduct, *, seed: str = SEED) -> tuple[tuple[str, int], ...]:
    """Where a demo product is stocked: (showroom slug, quantity), 1–3 showrooms,
    local ones first. Deterministic: its own random stream per product."""
    rng = random.Random(f"{seed}:{demo.index}:stock")
    local = [s.slug for s in SHOWROOMS if s.province_code == demo.today_province_code]
    others = [s.slug for s in SHOWROOMS if s.slug not in local]
    wanted = rng.randint(1, 3)
    slugs = rng.sample(local, min(len(local), rng.randint(1, wanted))) if local else []
    slugs += rng.sample(others, wanted - len(slugs))
    high = 40 if demo.group == "tourism_service" else 120
    return tuple((slug, 0 if rng.random() < 0.12 else rng.randint(2, high)) for slug in slugs)


def list_products(
    products: list[DemoProduct],
    showrooms: dict[str, Partner],
    *,
    picture: Callable[[DemoProduct], bytes] | None,
    step: Progress,
    batch_size: int = BATCH_SIZE,
) -> ListingResult:
    """Price, stock, description and picture for demo products never listed yet.

    A product counts as listed once it is public or has a stock record: the
    demo leaves it as it is (staff may have changed its price, stock or text).
    """
    total = ListingResult()
    for batch in batched(products, batch_size):
        stored = Product.objects.in_bulk([p.code for p in batch], field_name="code")
        ids = [product.pk for product in stored.values()]
        stocked = set(
            StockRecord.objects.filter(product_id__in=ids).values_list("product_id", flat=True)
        )
        pictured = set(
            ProductImage.objects.filter(product_id__in=ids).values_list("product_id", flat=True)
        )
        listings = []
        for demo in batch:
            product = stored.get(demo.code)
            if product is None or product.is_public or product.pk in stocked:
                continue
            image = None
            if picture and product.pk not in pictured:  # never replace a real picture
                image = picture(demo)
            listings.append(
                Listing(
                    product=product,
                    price=demo.price,
                    stock={showrooms[slug]: quantity for slug, quantity in demo_stock(demo)},
                    description="" if product.description else demo.description,
                    image=image,
                )
            )
        result = products_list_for_sale(listings=listings)
        total.products_changed += result.products_changed
        total.stockrecords_created += result.stockrecords_created
        total.stockrecords_updated += result.stockrecords_updated
        total.images_created += result.images_created
        total.product_ids |= result.product_ids
        step(len(batch))
    return total
