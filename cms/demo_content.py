"""Demo texts: more programme news, English translations, programme and policy
pages, menus and footer. Original text written for the demo."""

import datetime as dt


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def _news(slug, title, date, summary, province, tags, *paragraphs):
    return {"slug": slug, "title": title, "date": date, "summary": summary,
            "province": province, "tags": tags, "author": "Ban biên tập OCOP",
            "body": _p(*paragraphs)}


MORE_NEWS: tuple[dict, ...] = (
    _news("hoi-cho-ocop-quang-ninh-2026", "Hội chợ OCOP Quảng Ninh 2026 mở cửa tại Hạ Long",
          dt.date(2026, 4, 18), "Hơn 200 gian hàng giới thiệu sản phẩm OCOP của 22 địa phương.",
          "22", ["hội chợ"],
          "Hội chợ OCOP Quảng Ninh 2026 diễn ra trong năm ngày tại Cung Quy hoạch, Hội chợ và "
          "Triển lãm tỉnh, với hơn 200 gian hàng của các chủ thể trong và ngoài tỉnh.",
          "Khách tham quan được thử trà hoa vàng, chả mực, nước mắm và nhiều đặc sản khác; mỗi "
          "gian hàng trưng bày giấy chứng nhận OCOP còn hiệu lực của sản phẩm."),
    _news("phu-tho-mo-diem-ban-ocop-viet-tri",
          "Phú Thọ mở thêm điểm bán sản phẩm OCOP tại Việt Trì",
          dt.date(2026, 5, 6), "Điểm bán mới trưng bày cam Cao Phong, bưởi đỏ Tân Lạc và chè.",
          "25", ["điểm bán"],
          "Điểm giới thiệu và bán sản phẩm OCOP mới nằm ở trung tâm thành phố Việt Trì, mở cửa "
          "hằng ngày từ 8 giờ đến 21 giờ.",
          "Điểm bán ưu tiên sản phẩm của các xã vùng cao và có khu vực để khách quét mã truy "
          "xuất nguồn gốc trước khi mua."),
    _news("thai-nguyen-danh-gia-che-ocop", "Thái Nguyên đánh giá, phân hạng 35 sản phẩm chè",
          dt.date(2026, 6, 12), "Hội đồng tỉnh chấm điểm các sản phẩm chè theo bộ tiêu chí mới.",
          "19", ["đánh giá", "chè"],
          "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Thái Nguyên đã chấm điểm 35 sản phẩm "
          "chè của các hợp tác xã và hộ kinh doanh.",
          "Các sản phẩm đạt từ 70 điểm được đề nghị công nhận 4 sao; hai sản phẩm vượt 90 điểm "
          "được đề xuất lên Hội đồng cấp quốc gia."),
    _news("lang-son-na-hang-ocop", "Lạng Sơn đưa hồi, quế vào chuỗi sản phẩm OCOP",
          dt.date(2026, 2, 24), "Hồi và quế Lạng Sơn được đóng gói, dán tem truy xuất nguồn gốc.",
          "20", ["truy xuất nguồn gốc"],
          "Các hợp tác xã trồng hồi, quế ở Lạng Sơn đầu tư dây chuyền sơ chế, đóng gói để đáp "
          "ứng tiêu chí OCOP về chất lượng và bao bì.",
          "Mỗi gói sản phẩm mang tem điện tử với mã QR dẫn tới thông tin chủ thể và giấy chứng "
          "nhận."),
    _news("son-la-xoai-ocop-4-sao", "Xoài Sơn La đạt OCOP 4 sao", dt.date(2026, 7, 2),
          "Sản phẩm xoài tươi của một hợp tác xã ở Sơn La được công nhận 4 sao.", "14",
          ["công nhận"],
          "Sau khi áp dụng quy trình VietGAP và truy xuất nguồn gốc, sản phẩm xoài tươi của "
          "hợp tác xã được Hội đồng tỉnh công nhận đạt 4 sao.",
          "Giấy chứng nhận có hiệu lực 36 tháng; sản phẩm được bày bán tại các điểm OCOP trong "
          "và ngoài tỉnh."),
    _news("ha-noi-tuan-le-ocop", "Tuần lễ sản phẩm OCOP tại Hà Nội thu hút đông khách",
          dt.date(2026, 10, 10), "Sản phẩm của 34 tỉnh, thành cùng có mặt tại một sự kiện.", "01",
          ["hội chợ"],
          "Tuần lễ giới thiệu sản phẩm OCOP tại Hà Nội quy tụ chủ thể từ khắp 34 tỉnh, thành; "
          "nhiều gian hàng kết hợp bán trực tiếp và livestream.",
          "Ban tổ chức kiểm tra giấy chứng nhận của từng sản phẩm trước khi cho phép trưng bày."),
    _news("can-tho-ocop-du-lich-cong-dong", "Cần Thơ phát triển sản phẩm OCOP du lịch cộng đồng",
          dt.date(2026, 8, 19), "Các điểm du lịch miệt vườn được đánh giá như một sản phẩm OCOP.",
          "92", ["du lịch"],
          "Nhóm sản phẩm dịch vụ du lịch cộng đồng và điểm du lịch được đánh giá theo bộ tiêu "
          "chí riêng, gồm chất lượng phục vụ, an toàn và trải nghiệm của du khách.",
          "Trên cửa hàng, sản phẩm du lịch được bán dưới dạng phiếu trải nghiệm, không giao "
          "hàng."),
    _news("ca-mau-san-pham-ocop-tu-rung", "Cà Mau nâng hạng sản phẩm OCOP từ rừng ngập mặn",
          dt.date(2026, 3, 30), "Mật ong rừng và cua khô được đánh giá lại, lên 4 sao.", "96",
          ["đánh giá lại"],
          "Khi giấy chứng nhận cũ hết hạn, hai sản phẩm được đánh giá lại và đạt số điểm cao "
          "hơn nhờ cải tiến bao bì và truy xuất nguồn gốc.",
          "Kết quả đánh giá lại có thể nâng hoặc hạ hạng sao; cửa hàng hiển thị số sao của giấy "
          "chứng nhận mới nhất còn hiệu lực."),
    _news("khanh-hoa-yen-sao-ocop-5-sao", "Yến sào Khánh Hòa được đề xuất xét công nhận 5 sao",
          dt.date(2026, 9, 25), "Sản phẩm đạt trên 90 điểm ở cấp tỉnh.", "56", ["5 sao"],
          "Sản phẩm yến sào đạt trên 90 điểm tại Hội đồng cấp tỉnh và được đề xuất lên Hội đồng "
          "cấp quốc gia.",
          "Trong thời gian chờ, sản phẩm mang nhãn \"tiềm năng 5 sao\", đây chưa phải là hạng 5 "
          "sao và không được quảng bá như sản phẩm 5 sao."),
    _news("hue-ocop-thu-cong-my-nghe", "Huế giới thiệu sản phẩm OCOP thủ công mỹ nghệ",
          dt.date(2026, 11, 3), "Nón lá, gốm và đồ gỗ mỹ nghệ đạt chuẩn OCOP 3 và 4 sao.", "46",
          ["lưu niệm"],
          "Nhóm sản phẩm lưu niệm, nội thất, trang trí của Huế được giới thiệu tại phố đi bộ, "
          "mỗi sản phẩm kèm thông tin làng nghề.",
          "Du khách có thể kiểm tra giấy chứng nhận bằng mã QR trước khi mua."),
    _news("livestream-ban-hang-ocop", "Tập huấn livestream bán hàng cho chủ thể OCOP",
          dt.date(2026, 10, 28), "Hơn 100 chủ thể học cách bán hàng trực tuyến đúng quy định.", "",
          ["thương mại điện tử"],
          "Lớp tập huấn hướng dẫn chủ thể OCOP giới thiệu sản phẩm qua livestream, ghi rõ số sao "
          "và thời hạn giấy chứng nhận.",
          "Người bán không được gắn biểu trưng OCOP cho sản phẩm đã hết hạn hoặc bị thu hồi "
          "chứng nhận."),
)

# English translations of some articles: slug -> (title, summary, paragraphs).
TRANSLATIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "danh-gia-phan-hang-san-pham-ocop": (
        "How are OCOP products rated?",
        "A 100-point set of criteria decides whether a product earns 3, 4 or 5 stars.",
        ("Products are scored out of 100: 50–69 points earn 3 stars, 70–89 earn 4 stars and "
         "90–100 earn 5 stars. Below 50 points there is no certificate.",
         "Five stars are awarded by the national council only."),
    ),
    "giay-chung-nhan-ocop-co-thoi-han-36-thang": (
        "An OCOP certificate is valid for 36 months",
        "After that the product is rated again; its stars may go up or down.",
        ("The OCOP logo and star badge may only be shown while the certificate is valid.",
         "On this shop, a product whose certificate has expired leaves the catalogue at "
         "midnight, Vietnam time."),
    ),
    "hoi-cho-ocop-quang-ninh-2026": (
        "Quang Ninh OCOP fair 2026 opens in Ha Long",
        "More than 200 stalls present OCOP products from 22 localities.",
        ("Visitors can taste golden camellia tea, squid cakes and fish sauce; every stall shows "
         "the valid OCOP certificate of its products.",),
    ),
    "quet-tem-truy-xuat-nguon-goc": (
        "Scan the traceability stamp to check an OCOP product",
        "The QR code on the stamp tells whether the certificate is still valid.",
        ("Most OCOP products carry an electronic traceability stamp. Scan it with a phone to see "
         "the product, its producer and its certificate.",),
    ),
    "ha-noi-tuan-le-ocop": (
        "OCOP week in Hanoi draws large crowds",
        "Products from all 34 provinces in one event.",
        ("Organisers checked every product's certificate before it could be displayed.",),
    ),
}

PAGES: tuple[dict, ...] = (
    {"slug": "chuong-trinh-ocop", "title": "Chương trình OCOP",
     "intro": "Chương trình Mỗi xã một sản phẩm phát triển sản phẩm đặc sản nông thôn.",
     "body": _p("Chương trình OCOP giai đoạn 2021–2025 thực hiện theo Quyết định số 919/QĐ-TTg "
                "ngày 01/8/2022. Sản phẩm được đánh giá theo bộ tiêu chí 100 điểm và công nhận "
                "từ 3 đến 5 sao.",
                "Sáu nhóm sản phẩm: thực phẩm; đồ uống; thảo dược; vải và may mặc; lưu niệm – "
                "nội thất – trang trí; dịch vụ du lịch cộng đồng và điểm du lịch.")},
    {"slug": "tieu-chi-danh-gia", "title": "Bộ tiêu chí và cách xếp hạng sao",
     "intro": "Sản phẩm đạt 3 sao từ 50 điểm, 4 sao từ 70 điểm, 5 sao từ 90 điểm.",
     "body": _p("Hội đồng cấp tỉnh công nhận 3 và 4 sao; Hội đồng cấp quốc gia công nhận 5 sao.",
                "Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày cấp; hết hạn, sản phẩm phải được "
                "đánh giá lại.")},
    {"slug": "kiem-tra-san-pham", "title": "Cách kiểm tra một sản phẩm OCOP",
     "intro": "Quét mã QR trên tem hoặc nhập số giấy chứng nhận.",
     "body": _p("Trang kiểm tra cho biết số sao, cơ quan cấp, ngày cấp, ngày hết hạn và trạng "
                "thái: còn hiệu lực, hết hạn, tạm dừng hoặc bị thu hồi.")},
    {"slug": "chinh-sach-giao-hang", "title": "Chính sách giao hàng",
     "intro": "Giao hàng toàn quốc; phí theo khối lượng và tỉnh nhận.",
     "body": _p("Đơn hàng được giao trong 2 đến 5 ngày làm việc. Sản phẩm du lịch cộng đồng là "
                "phiếu trải nghiệm, không giao hàng.")},
    {"slug": "chinh-sach-doi-tra", "title": "Chính sách đổi trả",
     "intro": "Đổi trả trong 7 ngày với sản phẩm lỗi hoặc không đúng mô tả.",
     "body": _p("Thực phẩm đã mở bao bì không được đổi trả, trừ khi sản phẩm bị lỗi. Liên hệ "
                "đường dây nóng để được hướng dẫn.")},
    {"slug": "chinh-sach-bao-mat", "title": "Chính sách bảo mật",
     "intro": "Thông tin cá nhân chỉ dùng để giao hàng và chăm sóc khách hàng.",
     "body": _p("Chúng tôi tuân thủ Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Khách "
                "hàng có quyền yêu cầu xem, sửa hoặc xóa dữ liệu của mình.")},
    {"slug": "lien-he", "title": "Liên hệ",
     "intro": "Đường dây nóng 1900 6868 · lienhe@ocop.example.vn",
     "body": _p("Văn phòng: Số 2 Ngọc Hà, phường Ba Đình, Hà Nội. Làm việc từ thứ Hai đến thứ "
                "Sáu, 8 giờ đến 17 giờ.")},
)
POLICY_SLUGS = ("chinh-sach-giao-hang", "chinh-sach-doi-tra", "chinh-sach-bao-mat", "lien-he")
MENU_SLUGS = ("chuong-trinh-ocop", "tieu-chi-danh-gia", "kiem-tra-san-pham")

FOOTER = {
    "organisation": "Cổng sản phẩm OCOP Việt Nam (dữ liệu minh họa)",
    "hotline": "1900 6868",
    "email": "lienhe@ocop.example.vn",
    "address": "Số 2 Ngọc Hà, phường Ba Đình, Hà Nội",
    "business_registration": "Giấy chứng nhận đăng ký doanh nghiệp số 0100000000 do Sở Tài chính "
    "Hà Nội cấp ngày 01/7/2025 (dữ liệu minh họa).",
    "moit_notice_url": "http://online.gov.vn/",
}

HOME_EN = {
    "title": "OCOP Vietnam",
    "intro": "OCOP – One Commune One Product – rates rural specialities from 3 to 5 stars. "
    "Everything sold here has a valid certificate.",
}
NEWS_INDEX_EN = {"title": "OCOP news", "intro": "News of the One Commune One Product programme."}
