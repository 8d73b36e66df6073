"""Where each of today's 34 provinces is drawn on the OCOP map: its
administrative centre (the seat of its People's Committee since 1 July 2025),
latitude and longitude to about a kilometre. Kept by hand: the
``vietnam-provinces`` package has no coordinates."""

from .provinces import today_provinces

CENTRES: dict[str, tuple[float, float]] = {
    "01": (21.0285, 105.8542),  # Hà Nội
    "04": (22.6657, 106.2570),  # Cao Bằng
    "08": (21.8230, 105.2140),  # Tuyên Quang
    "11": (21.3860, 103.0230),  # Điện Biên
    "12": (22.3964, 103.4582),  # Lai Châu
    "14": (21.3270, 103.9141),  # Sơn La
    "15": (21.7229, 104.9113),  # Lào Cai (seat in former Yên Bái)
    "19": (21.5942, 105.8482),  # Thái Nguyên
    "20": (21.8537, 106.7615),  # Lạng Sơn
    "22": (20.9517, 107.0800),  # Quảng Ninh
    "24": (21.2731, 106.1946),  # Bắc Ninh (seat in former Bắc Giang)
    "25": (21.3227, 105.4019),  # Phú Thọ
    "31": (20.8449, 106.6881),  # Hải Phòng
    "33": (20.6464, 106.0511),  # Hưng Yên
    "37": (20.2506, 105.9745),  # Ninh Bình
    "38": (19.8067, 105.7852),  # Thanh Hóa
    "40": (18.6796, 105.6813),  # Nghệ An
    "42": (18.3428, 105.9057),  # Hà Tĩnh
    "44": (17.4689, 106.6223),  # Quảng Trị (seat in former Quảng Bình)
    "46": (16.4637, 107.5909),  # Huế
    "48": (16.0544, 108.2022),  # Đà Nẵng
    "51": (15.1214, 108.8044),  # Quảng Ngãi
    "52": (13.7820, 109.2197),  # Gia Lai (seat in former Bình Định)
    "56": (12.2388, 109.1967),  # Khánh Hòa
    "66": (12.6667, 108.0500),  # Đắk Lắk
    "68": (11.9404, 108.4583),  # Lâm Đồng
    "75": (10.9574, 106.8427),  # Đồng Nai
    "79": (10.7769, 106.7009),  # TP Hồ Chí Minh
    "80": (10.5359, 106.4137),  # Tây Ninh (seat in former Long An)
    "82": (10.3600, 106.3600),  # Đồng Tháp (seat in former Tiền Giang)
    "86": (10.2537, 105.9722),  # Vĩnh Long
    "91": (10.0125, 105.0809),  # An Giang (seat in former Kiên Giang)
    "92": (10.0452, 105.7469),  # Cần Thơ
    "96": (9.1769, 105.1524),  # Cà Mau
}


def province_centres() -> dict[str, tuple[float, float]]:
    """Code -> (latitude, longitude) for each of today's 34 provinces."""
    return {code: CENTRES[code] for code in today_provinces()}
