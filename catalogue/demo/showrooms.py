"""Demo showrooms (điểm giới thiệu và bán sản phẩm OCOP) in several provinces.

Addresses follow the two-tier local government (ward/commune, province).
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DemoShowroom:
    slug: str
    name: str
    province_code: str
    address: str
    opening_hours: str
    phone: str
    latitude: Decimal
    longitude: Decimal

    @property
    def staff_email(self) -> str:
        return f"staff.{self.slug}@ocop.example.vn"


def _room(slug, name, province, address, hours, phone, lat, lon) -> DemoShowroom:
    return DemoShowroom(slug, name, province, address, hours, phone, Decimal(lat), Decimal(lon))


DAILY = "08:00–21:00 hằng ngày"
OFFICE = "07:30–17:30, thứ Hai – thứ Bảy"

SHOWROOMS: tuple[DemoShowroom, ...] = (
    _room("ocop-ha-long", "Trung tâm OCOP Quảng Ninh – Hạ Long", "22",
          "Số 18 đường Hạ Long, phường Bãi Cháy, tỉnh Quảng Ninh", "08:00–22:00 hằng ngày",
          "0203 3846 118", "20.955100", "107.048300"),
    _room("ocop-van-don", "Điểm bán sản phẩm OCOP Vân Đồn", "22",
          "Khu Cái Rồng, đặc khu Vân Đồn, tỉnh Quảng Ninh", DAILY,
          "0203 3874 216", "21.065400", "107.420900"),
    _room("ocop-uong-bi", "Điểm bán sản phẩm OCOP Uông Bí", "22",
          "Số 5 đường Quang Trung, phường Uông Bí, tỉnh Quảng Ninh", OFFICE,
          "0203 3852 447", "21.036200", "106.772500"),
    _room("ocop-ba-be", "Điểm giới thiệu sản phẩm OCOP Ba Bể", "19",
          "Bến thuyền Pác Ngòi, xã Ba Bể, tỉnh Thái Nguyên", "07:30–18:00 hằng ngày",
          "0209 3894 025", "22.406800", "105.620300"),
    _room("ocop-thai-nguyen", "Cửa hàng OCOP Thái Nguyên", "19",
          "Số 42 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên", DAILY,
          "0208 3855 690", "21.592800", "105.846700"),
    _room("ocop-cao-phong", "Điểm bán sản phẩm OCOP Cao Phong", "25",
          "Quốc lộ 6, xã Cao Phong, tỉnh Phú Thọ", "07:00–19:00 hằng ngày",
          "0218 3849 312", "20.704300", "105.327800"),
    _room("ocop-ha-noi", "Trung tâm giới thiệu sản phẩm OCOP Hà Nội", "01",
          "Số 12 phố Hàng Bài, phường Hoàn Kiếm, thành phố Hà Nội", "08:30–21:30 hằng ngày",
          "024 3826 5588", "21.024600", "105.852900"),
    _room("ocop-moc-chau", "Điểm bán sản phẩm OCOP Mộc Châu", "14",
          "Tiểu khu 4, phường Mộc Châu, tỉnh Sơn La", DAILY,
          "0212 3866 204", "20.846900", "104.637200"),
    _room("ocop-lang-son", "Điểm bán sản phẩm OCOP Lạng Sơn", "20",
          "Số 9 đường Lê Lợi, phường Lương Văn Tri, tỉnh Lạng Sơn", OFFICE,
          "0205 3870 133", "21.853700", "106.761500"),
    _room("ocop-sa-pa", "Cửa hàng OCOP Sa Pa", "15",
          "Số 3 đường Xuân Viên, phường Sa Pa, tỉnh Lào Cai", "08:00–22:00 hằng ngày",
          "0214 3871 960", "22.336400", "103.843800"),
    _room("ocop-da-lat", "Điểm bán sản phẩm OCOP Đà Lạt", "68",
          "Số 1 đường Nguyễn Thị Minh Khai, phường Xuân Hương – Đà Lạt, tỉnh Lâm Đồng", DAILY,
          "0263 3822 475", "11.942600", "108.437400"),
    _room("ocop-sai-gon", "Trung tâm OCOP Thành phố Hồ Chí Minh", "79",
          "Số 92 đường Lê Lợi, phường Bến Thành, Thành phố Hồ Chí Minh", "08:00–21:00 hằng ngày",
          "028 3823 7070", "10.773300", "106.698900"),
)
