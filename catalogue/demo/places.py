"""Where demo products come from: issuing provinces, their places and specialties.

A ``Place`` is a province as it issued certificates. Four of them are former
provinces (Bắc Kạn, Hòa Bình, Bến Tre, Sóc Trăng) whose certificates issued
before the 1 July 2025 merger carry the former code and issuer; later ones
are issued by the province that absorbed them.
"""

import datetime as dt
from dataclasses import dataclass, field

# The two-tier local government (34 provinces) starts on this day.
MERGER_DAY = dt.date(2025, 7, 1)

# Issuers of today's provinces that absorbed a former demo province.
TODAY_ISSUERS = {
    "19": "UBND tỉnh Thái Nguyên",
    "25": "UBND tỉnh Phú Thọ",
    "86": "UBND tỉnh Vĩnh Long",
    "92": "UBND thành phố Cần Thơ",
}

# Terrain decides which generic products fit a place (no fish sauce in Mộc Châu).
COAST, MOUNTAIN, DELTA, CITY = "coast", "mountain", "delta", "city"


@dataclass(frozen=True)
class Place:
    code: str  # GSO code as issued
    name: str
    issuer: str
    prefix: str  # certificate and product code prefix
    tax_prefix: str  # first digits of local tax codes
    terrain: frozenset[str]
    localities: tuple[str, ...]
    specialties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    merged_into: str | None = None  # today's code for a former province
    # (date, issuer) pairs: the issuer's name before a renaming.
    former_issuers: tuple[tuple[dt.date, str], ...] = ()

    def issuer_on(self, day: dt.date) -> tuple[str, str]:
        """(province code, issuer) on a certificate issued on ``day``."""
        if self.merged_into and day >= MERGER_DAY:
            return self.merged_into, TODAY_ISSUERS[self.merged_into]
        for until, issuer in self.former_issuers:
            if day < until:
                return self.code, issuer
        return self.code, self.issuer


def _t(*terrain: str) -> frozenset[str]:
    return frozenset(terrain)


PLACES: tuple[Place, ...] = (
    Place(
        "22", "Quảng Ninh", "UBND tỉnh Quảng Ninh", "QN", "57", _t(COAST, MOUNTAIN),
        ("Hạ Long", "Vân Đồn", "Ba Chẽ", "Bình Liêu", "Đông Triều", "Tiên Yên", "Cô Tô",
         "Đầm Hà", "Uông Bí", "Móng Cái", "Quảng Yên"),
        {
            "food": ("Chả mực Hạ Long", "Nước mắm sá sùng Vân Đồn", "Miến dong Bình Liêu",
                     "Sá sùng khô Quan Lạn", "Gà đồi Tiên Yên", "Ruốc hàu Vân Đồn",
                     "Chả cá Cô Tô", "Hàu sữa Vân Đồn"),
            "beverage": ("Trà hoa vàng Ba Chẽ", "Rượu ba kích Ba Chẽ", "Rượu mơ Yên Tử",
                         "Trà hoa sở Bình Liêu"),
            "herbal": ("Cao lạc tiên an thần", "Ba kích tím Ba Chẽ", "Tinh dầu quế Tiên Yên",
                       "Cao xương khớp Nam dược Uông Bí"),
            "textile": ("Khăn thổ cẩm Dao Thanh Phán Bình Liêu", "Áo thổ cẩm Sán Chỉ Đầm Hà"),
            "souvenir_decor": ("Gốm Đông Triều", "Tranh than đá Hạ Long", "Tranh thêu Yên Tử"),
            "tourism_service": ("Du lịch cộng đồng Khe Vằn Bình Liêu",
                                "Trải nghiệm làng chài Cửa Vạn", "Homestay đảo Cô Tô"),
        },
    ),
    Place(
        "06", "Bắc Kạn", "UBND tỉnh Bắc Kạn", "BK", "47", _t(MOUNTAIN),
        ("Ba Bể", "Chợ Đồn", "Na Rì", "Ngân Sơn", "Pác Nặm", "Bạch Thông", "Chợ Mới"),
        {
            "food": ("Gạo nếp Tài", "Bí xanh thơm Ba Bể", "Miến dong Côn Minh",
                     "Hồng không hạt Ba Bể", "Quýt Chợ Đồn", "Thịt trâu gác bếp Ngân Sơn"),
            "beverage": ("Trà Shan tuyết Bằng Phúc", "Rượu men lá Nà Làng"),
            "herbal": ("Trà giảo cổ lam Bắc Kạn", "Cao chè dây Ba Bể"),
            "textile": ("Thổ cẩm Dao đỏ Pác Nặm",),
            "souvenir_decor": ("Chổi chít Na Rì",),
            "tourism_service": ("Homestay Pác Ngòi Ba Bể", "Du lịch cộng đồng bản Bó Lù"),
        },
        merged_into="19",
    ),
    Place(
        "17", "Hòa Bình", "UBND tỉnh Hòa Bình", "HB", "54", _t(MOUNTAIN),
        ("Cao Phong", "Tân Lạc", "Mai Châu", "Lạc Sơn", "Kim Bôi", "Lương Sơn", "Đà Bắc"),
        {
            "food": ("Cam Cao Phong", "Bưởi đỏ Tân Lạc", "Măng nứa khô", "Mía tím Hòa Bình",
                     "Gạo nếp Lạc Sơn", "Rau bò khai Tân Lạc"),
            "beverage": ("Rượu cần Mai Châu", "Rượu men lá Lạc Sơn"),
            "herbal": ("Cao lá xạ đen Hòa Bình", "Trà giảo cổ lam Đà Bắc"),
            "textile": ("Thổ cẩm bản Lác Mai Châu", "Khăn piêu Mai Châu"),
            "souvenir_decor": ("Mây tre đan Lương Sơn",),
            "tourism_service": ("Du lịch cộng đồng bản Lác Mai Châu",
                                "Homestay bản Giang Mỗ Kim Bôi"),
        },
        merged_into="25",
    ),
    Place(
        "19", "Thái Nguyên", "UBND tỉnh Thái Nguyên", "TN", "46", _t(MOUNTAIN, DELTA),
        ("Tân Cương", "Đại Từ", "Định Hóa", "Phú Lương", "Đồng Hỷ", "Võ Nhai"),
        {
            "food": ("Bánh chưng Bờ Đậu", "Gạo bao thai Định Hóa", "Miến dong Việt Cường"),
            "beverage": ("Chè Tân Cương", "Chè búp Đại Từ", "Chè đinh La Bằng"),
            "herbal": ("Trà hoa chè Thái Nguyên",),
            "tourism_service": ("Điểm du lịch đồi chè Tân Cương",),
        },
    ),
    Place(
        "25", "Phú Thọ", "UBND tỉnh Phú Thọ", "PT", "26", _t(MOUNTAIN, DELTA),
        ("Đoan Hùng", "Thanh Sơn", "Tân Sơn", "Yên Lập", "Cẩm Khê", "Thanh Thủy"),
        {
            "food": ("Bưởi Đoan Hùng", "Thịt chua Thanh Sơn", "Trám đen Thanh Sơn"),
            "beverage": ("Chè xanh Phú Thọ",),
            "souvenir_decor": ("Nón lá Sai Nga",),
            "tourism_service": ("Du lịch cộng đồng xóm Dù Tân Sơn",),
        },
    ),
    Place(
        "01", "Hà Nội", "UBND thành phố Hà Nội", "HN", "01", _t(CITY, DELTA),
        ("Bát Tràng", "Vạn Phúc", "Ba Vì", "Chương Mỹ", "Phú Xuyên", "Ước Lễ", "Quảng Phú Cầu"),
        {
            "food": ("Giò chả Ước Lễ", "Cốm làng Vòng", "Bánh chưng Tranh Khúc",
                     "Gạo nếp cái hoa vàng Đông Anh"),
            "beverage": ("Trà sen Quảng An", "Sữa bò tươi Ba Vì"),
            "herbal": ("Thuốc nam người Dao Ba Vì",),
            "textile": ("Lụa tơ tằm Vạn Phúc", "Khăn lụa Vạn Phúc"),
            "souvenir_decor": ("Gốm sứ Bát Tràng", "Khảm trai Chuyên Mỹ", "Mây tre đan Phú Vinh",
                               "Hương trầm Quảng Phú Cầu", "Nón lá làng Chuông"),
            "tourism_service": ("Trải nghiệm làm gốm Bát Tràng",),
        },
    ),
    Place(
        "20", "Lạng Sơn", "UBND tỉnh Lạng Sơn", "LS", "49", _t(MOUNTAIN),
        ("Chi Lăng", "Bắc Sơn", "Tràng Định", "Văn Quan", "Cao Lộc", "Lộc Bình", "Mẫu Sơn"),
        {
            "food": ("Na Chi Lăng", "Quýt vàng Bắc Sơn", "Vịt quay Thất Khê",
                     "Thạch đen Tràng Định", "Hồng vành khuyên Văn Lãng"),
            "beverage": ("Rượu Mẫu Sơn",),
            "herbal": ("Hoa hồi Văn Quan", "Tinh dầu hồi Lạng Sơn"),
            "textile": ("Thổ cẩm Tày Bắc Sơn",),
            "tourism_service": ("Du lịch cộng đồng Quỳnh Sơn Bắc Sơn",),
        },
    ),
    Place(
        "14", "Sơn La", "UBND tỉnh Sơn La", "SL", "55", _t(MOUNTAIN),
        ("Mộc Châu", "Yên Châu", "Mai Sơn", "Thuận Châu", "Vân Hồ", "Phù Yên"),
        {
            "food": ("Mận hậu Mộc Châu", "Bê chao Mộc Châu", "Xoài tròn Yên Châu",
                     "Nhãn sấy Sông Mã"),
            "beverage": ("Chè Shan tuyết Mộc Châu", "Cà phê Arabica Sơn La"),
            "textile": ("Thổ cẩm Thái Sơn La",),
            "tourism_service": ("Du lịch cộng đồng bản Áng Mộc Châu",),
        },
    ),
    Place(
        "40", "Nghệ An", "UBND tỉnh Nghệ An", "NA", "29", _t(COAST, MOUNTAIN, DELTA),
        ("Thanh Chương", "Nam Đàn", "Nghĩa Đàn", "Quỳ Hợp", "Con Cuông", "Diễn Châu",
         "Quỳnh Lưu"),
        {
            "food": ("Nhút Thanh Chương", "Cam Vinh", "Tương Nam Đàn", "Nước mắm Vạn Phần"),
            "beverage": ("Chè xanh Thanh Chương",),
            "herbal": ("Sâm Puxailaileng",),
            "textile": ("Thổ cẩm Thái Quỳ Châu",),
            "tourism_service": ("Homestay làng Sen Nam Đàn",),
        },
    ),
    Place(
        "15", "Lào Cai", "UBND tỉnh Lào Cai", "LC", "53", _t(MOUNTAIN),
        ("Sa Pa", "Bắc Hà", "Bát Xát", "Mường Khương", "Si Ma Cai", "Văn Bàn"),
        {
            "food": ("Mận tam hoa Bắc Hà", "Lạp sườn gác bếp Sa Pa", "Táo mèo Bát Xát"),
            "beverage": ("Rượu ngô Bắc Hà", "Trà Shan tuyết Bát Xát"),
            "herbal": ("Tam thất Bát Xát", "Thuốc tắm người Dao đỏ Sa Pa"),
            "textile": ("Thổ cẩm Mông Sa Pa", "Vải lanh Mông Bắc Hà"),
            "tourism_service": ("Homestay bản Tả Van Sa Pa", "Du lịch cộng đồng bản Cát Cát"),
        },
    ),
    Place(
        "46", "Huế", "UBND thành phố Huế", "TTH", "33", _t(COAST, CITY),
        ("Hương Thủy", "Phong Điền", "Hương Trà", "A Lưới", "Phú Vang", "Thủy Xuân"),
        {
            "food": ("Mè xửng Huế", "Tôm chua Huế", "Mắm ruốc Huế"),
            "beverage": ("Trà cung đình Huế",),
            "herbal": ("Dầu tràm Huế",),
            "textile": ("Dệt Zèng A Lưới",),
            "souvenir_decor": ("Nón lá Huế", "Hương trầm Thủy Xuân"),
            "tourism_service": ("Trải nghiệm nhà vườn Huế",),
        },
        former_issuers=((dt.date(2025, 1, 1), "UBND tỉnh Thừa Thiên Huế"),),
    ),
    Place(
        "68", "Lâm Đồng", "UBND tỉnh Lâm Đồng", "LD", "58", _t(MOUNTAIN),
        ("Đà Lạt", "Cầu Đất", "Bảo Lộc", "Lạc Dương", "Đơn Dương", "Di Linh"),
        {
            "food": ("Mứt dâu Đà Lạt", "Hồng treo gió Đà Lạt", "Bơ sáp Lâm Hà"),
            "beverage": ("Cà phê Arabica Cầu Đất", "Trà Ô long Bảo Lộc"),
            "herbal": ("Trà Atiso Đà Lạt",),
            "textile": ("Tơ lụa Bảo Lộc",),
            "tourism_service": ("Tham quan làng hoa Vạn Thành",),
        },
    ),
    Place(
        "66", "Đắk Lắk", "UBND tỉnh Đắk Lắk", "DL", "60", _t(MOUNTAIN),
        ("Buôn Ma Thuột", "Krông Pắc", "Cư M'gar", "Buôn Đôn", "Lắk", "Ea Kar"),
        {
            "food": ("Sầu riêng Krông Pắc", "Hạt tiêu Cư M'gar", "Mật ong hoa cà phê"),
            "beverage": ("Cà phê rang xay Buôn Ma Thuột",),
            "textile": ("Thổ cẩm Ê Đê Buôn Ma Thuột",),
            "tourism_service": ("Du lịch cộng đồng buôn Jun hồ Lắk",),
        },
    ),
    Place(
        "83", "Bến Tre", "UBND tỉnh Bến Tre", "BT", "13", _t(DELTA, COAST),
        ("Mỏ Cày", "Chợ Lách", "Mỹ Lồng", "Giồng Trôm", "Châu Thành", "Ba Tri"),
        {
            "food": ("Kẹo dừa Mỏ Cày", "Bánh tráng Mỹ Lồng", "Bưởi da xanh Chợ Lách"),
            "beverage": ("Nước dừa đóng chai Bến Tre",),
            "herbal": ("Dầu dừa nguyên chất Bến Tre",),
            "souvenir_decor": ("Đồ mỹ nghệ gáo dừa", "Thảm xơ dừa Bến Tre"),
            "tourism_service": ("Du lịch miệt vườn cồn Phụng",),
        },
        merged_into="86",
    ),
    Place(
        "94", "Sóc Trăng", "UBND tỉnh Sóc Trăng", "ST", "22", _t(DELTA, COAST),
        ("Vĩnh Châu", "Mỹ Xuyên", "Kế Sách", "Long Phú", "Trần Đề", "Vũng Thơm"),
        {
            "food": ("Gạo ST25", "Bánh pía Vũng Thơm", "Lạp xưởng Vĩnh Châu",
                     "Hành tím Vĩnh Châu"),
            "souvenir_decor": ("Tranh gỗ Khmer Sóc Trăng",),
            "tourism_service": ("Trải nghiệm cù lao Dung",),
        },
        merged_into="92",
    ),
    Place(
        "92", "Cần Thơ", "UBND thành phố Cần Thơ", "CT", "18", _t(DELTA, CITY),
        ("Phong Điền", "Cái Răng", "Ô Môn", "Thốt Nốt", "Cờ Đỏ", "Vĩnh Thạnh"),
        {
            "food": ("Bánh tráng Thuận Hưng", "Mận hồng đào Phong Điền", "Nem nướng Cái Răng"),
            "beverage": ("Rượu mận Phong Điền",),
            "tourism_service": ("Tour chợ nổi Cái Răng",),
        },
    ),
)

# Generic products that fit places of a terrain, named "<base> <locality>".
GENERIC: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "food": (
        ("Mật ong rừng", _t(MOUNTAIN)), ("Măng khô", _t(MOUNTAIN)),
        ("Nấm hương rừng", _t(MOUNTAIN)), ("Mộc nhĩ", _t(MOUNTAIN)),
        ("Thịt lợn gác bếp", _t(MOUNTAIN)), ("Gạo nếp nương", _t(MOUNTAIN)),
        ("Miến dong", _t(MOUNTAIN, DELTA)), ("Chuối sấy dẻo", _t()),
        ("Lạc rang húng lìu", _t()), ("Mứt gừng", _t()), ("Tương ớt", _t()),
        ("Bánh gai", _t(DELTA, CITY)), ("Giò bò", _t(CITY, DELTA)),
        ("Nước mắm cốt", _t(COAST)), ("Mắm tôm", _t(COAST)), ("Cá khô", _t(COAST)),
        ("Tôm khô", _t(COAST)), ("Mực một nắng", _t(COAST)),
        ("Gạo thơm", _t(DELTA)), ("Trái cây sấy", _t(DELTA)), ("Bánh phồng tôm", _t(DELTA, COAST)),
    ),
    "beverage": (
        ("Trà xanh", _t(MOUNTAIN)), ("Rượu ngô", _t(MOUNTAIN)), ("Rượu táo mèo", _t(MOUNTAIN)),
        ("Trà túi lọc", _t()), ("Rượu nếp cái", _t(DELTA, CITY)), ("Nước cốt chanh leo", _t()),
        ("Cà phê bột", _t(MOUNTAIN)), ("Trà gạo lứt", _t(DELTA)), ("Siro mơ", _t()),
    ),
    "herbal": (
        ("Tinh dầu sả chanh", _t()), ("Cao gắm", _t(MOUNTAIN)), ("Trà dây", _t(MOUNTAIN)),
        ("Viên đông trùng hạ thảo", _t()), ("Tinh bột nghệ", _t()),
        ("Cao cà gai leo", _t()), ("Trà túi lọc hoa cúc", _t()), ("Dầu gấc", _t(DELTA)),
        ("Trà xạ đen", _t(MOUNTAIN)), ("Hà thủ ô", _t(MOUNTAIN)),
    ),
    "textile": (
        ("Túi thổ cẩm", _t(MOUNTAIN)), ("Khăn choàng thổ cẩm", _t(MOUNTAIN)),
        ("Áo dài lụa", _t(CITY, DELTA)), ("Khăn lụa tơ tằm", _t()),
        ("Vải dệt tay", _t()), ("Ví thổ cẩm", _t(MOUNTAIN)),
    ),
    "souvenir_decor": (
        ("Mây tre đan", _t()), ("Nón lá", _t(DELTA, CITY, COAST)), ("Chổi đót", _t(MOUNTAIN)),
        ("Tranh gỗ", _t()), ("Đèn lồng tre", _t()), ("Cốc tre", _t()),
        ("Hộp gỗ mỹ nghệ", _t()), ("Gốm thủ công", _t()), ("Chiếu cói", _t(DELTA, COAST)),
    ),
    "tourism_service": (
        ("Homestay", _t()), ("Du lịch cộng đồng", _t()), ("Tour trải nghiệm nông nghiệp", _t()),
        ("Tour sinh thái", _t()), ("Trải nghiệm làng nghề", _t()),
    ),
}
