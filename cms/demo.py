"""Demo CMS content: the home page's blocks and programme news (Vietnamese).

Bodies are in Wagtail's StreamField JSON form, using the blocks of
``cms/blocks.py``; product grids pick products through the catalogue's
selector, so they only ever show certified products.

``publish_pages`` goes through ``cms.services`` and only creates what is
missing: a home page that editors have filled, the news index and any
article already there are left exactly as they are.
"""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

from catalogue.groups import GROUPS
from catalogue.selectors import product_cards

from . import services
from .demo_content import (
    FOOTER,
    HOME_EN,
    MENU_SLUGS,
    MORE_NEWS,
    NEWS_INDEX_EN,
    PAGES,
    POLICY_SLUGS,
    TRANSLATIONS,
)
from .models import NewsIndexPage, NewsPage, StandardPage
from .navigation import FooterSettings, MainMenu

EDITOR_EMAIL = "editor@ocop.example.vn"
MODERATOR_EMAIL = "moderator@ocop.example.vn"
ACCOUNTS = (
    (EDITOR_EMAIL, "bientap", "Biên tập viên"),
    (MODERATOR_EMAIL, "kiemduyet", "Kiểm duyệt"),
)

HOME_TITLE = "OCOP Việt Nam"
HOME_INTRO = (
    "Sản phẩm OCOP – Mỗi xã một sản phẩm – được hội đồng đánh giá công nhận từ 3 đến 5 sao. "
    "Mọi sản phẩm bán ở đây đều có giấy chứng nhận còn hiệu lực."
)
NEWS_INDEX = {
    "slug": "tin-tuc",
    "title": "Tin tức OCOP",
    "intro": "Tin tức về Chương trình Mỗi xã một sản phẩm: đánh giá, công nhận, "
    "điểm bán và hoạt động của các tỉnh.",
}


def _grid(heading: str, *, group: str = "", stars: str = "", sort: str = "stars",
          limit: int = 8) -> dict:
    return {
        "type": "products",
        "value": {"heading": heading, "group": group, "stars": stars, "sort": sort,
                  "limit": limit},
    }


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def _h(text: str) -> dict:
    return {"type": "heading", "value": text}


def home_body() -> list[dict]:
    hero = {
        "type": "hero",
        "value": {
            "heading": "Đặc sản vùng miền, chứng nhận OCOP còn hiệu lực",
            "text": "Sản phẩm từ Quảng Ninh, Thái Nguyên, Phú Thọ, Lạng Sơn, Sơn La và nhiều "
            "tỉnh khác. Quét mã QR trên tem để kiểm tra giấy chứng nhận.",
            "image": None,
            "link_text": "Xem sản phẩm",
            "link_url": "/catalogue/",
        },
    }
    grids = [_grid("Sản phẩm OCOP 5 sao", stars="5", sort="newest")]
    grids += [_grid(name, group=code) for code, (_slug, name) in GROUPS.items()]
    picks = list(product_cards().order_by("-ocop_stars", "pk").values_list("pk", flat=True)[:4])
    sections = [
        {"type": "groups", "value": {"heading": "Sáu nhóm sản phẩm OCOP"}},
        {"type": "product_picks", "value": {"heading": "Biên tập viên giới thiệu",
                                            "products": picks}},
        {"type": "products", "value": {"heading": "Thực phẩm 5 sao mới của Quảng Ninh",
                                       "group": "food", "stars": "5", "province": "22",
                                       "sort": "newest", "limit": 4}},
        {"type": "figures", "value": {"heading": "Sản phẩm OCOP theo tỉnh"}},
        {"type": "latest_news", "value": {"heading": "Tin tức OCOP", "limit": 3}},
        {"type": "showrooms", "value": {"heading": "Điểm bán OCOP ở Quảng Ninh",
                                        "province": "22", "limit": 6}},
        {"type": "quote", "value": {"text": "Sản phẩm chỉ được mang biểu trưng OCOP khi giấy "
                                    "chứng nhận còn hiệu lực.",
                                    "attribution": "Quyết định 919/QĐ-TTg"}},
    ]
    return [hero, *grids, *sections]


NEWS: tuple[dict, ...] = (
    {
        "slug": "danh-gia-phan-hang-san-pham-ocop",
        "title": "Sản phẩm OCOP được đánh giá, phân hạng như thế nào?",
        "date": dt.date(2025, 8, 12),
        "summary": "Bộ tiêu chí 100 điểm quyết định sản phẩm đạt 3, 4 hay 5 sao.",
        "body": [
            *_p(
                "Chương trình Mỗi xã một sản phẩm (OCOP) giai đoạn 2021–2025 được triển khai "
                "theo Quyết định số 919/QĐ-TTg ngày 01/8/2022 của Thủ tướng Chính phủ. Sản "
                "phẩm được chấm theo bộ tiêu chí với thang điểm 100.",
                "Sản phẩm đạt từ 50 đến 69 điểm được công nhận 3 sao, từ 70 đến 89 điểm đạt "
                "4 sao, từ 90 đến 100 điểm đạt 5 sao. Sản phẩm dưới 50 điểm không được cấp "
                "giấy chứng nhận và không được gắn biểu trưng OCOP.",
            ),
            _h("Sản phẩm 5 sao là cấp quốc gia"),
            *_p(
                "Sản phẩm 3 và 4 sao do hội đồng cấp tỉnh công nhận. Sản phẩm đạt trên 90 "
                "điểm ở cấp tỉnh được đề xuất lên Hội đồng cấp quốc gia để xét công nhận 5 "
                "sao. Nhãn \"tiềm năng 5 sao\" chỉ là đề xuất, chưa phải hạng 5 sao.",
            ),
            _grid("Một số sản phẩm OCOP 5 sao", stars="5", sort="newest", limit=4),
        ],
    },
    {
        "slug": "cap-tinh-cong-nhan-san-pham-3-sao",
        "title": "Từ ngày 1/7/2025, cấp tỉnh công nhận sản phẩm OCOP 3 sao",
        "date": dt.date(2025, 7, 3),
        "summary": "Khi chính quyền địa phương hai cấp vận hành, việc công nhận 3 sao "
        "chuyển từ cấp huyện lên cấp tỉnh.",
        "body": _p(
            "Theo Quyết định số 1489/QĐ-TTg, việc đánh giá, công nhận sản phẩm OCOP 3 sao "
            "trước đây do Hội đồng cấp huyện thực hiện nay được chuyển về Hội đồng cấp tỉnh, "
            "phù hợp với mô hình chính quyền địa phương hai cấp từ ngày 01/7/2025.",
            "Các chủ thể đã có sản phẩm được công nhận vẫn sử dụng giấy chứng nhận đến hết "
            "thời hạn ghi trên giấy. Hồ sơ đánh giá mới và hồ sơ đánh giá lại được nộp về cơ "
            "quan thường trực Chương trình OCOP cấp tỉnh.",
        ),
    },
    {
        "slug": "giay-chung-nhan-ocop-co-thoi-han-36-thang",
        "title": "Giấy chứng nhận OCOP có thời hạn 36 tháng",
        "date": dt.date(2025, 9, 20),
        "summary": "Hết thời hạn, sản phẩm phải được đánh giá lại; số sao có thể tăng "
        "hoặc giảm.",
        "body": _p(
            "Giấy chứng nhận sản phẩm OCOP có giá trị trong 36 tháng kể từ ngày cấp. Biểu "
            "trưng OCOP và số sao chỉ được sử dụng khi giấy chứng nhận còn hiệu lực.",
            "Khi hết hạn, chủ thể phải đề nghị đánh giá lại. Kết quả đánh giá lại có thể "
            "nâng hạng (ví dụ từ 3 lên 4 sao) hoặc hạ hạng nếu sản phẩm không còn đáp ứng "
            "tiêu chí.",
            "Trên cửa hàng này, sản phẩm có giấy chứng nhận hết hạn tự động ngừng hiển thị "
            "và ngừng bán từ 0 giờ ngày hôm sau theo giờ Việt Nam, kể cả khi chưa nhận được "
            "cập nhật từ cơ quan quản lý.",
        ),
    },
    {
        "slug": "quang-ninh-thu-hoi-giay-chung-nhan-ocop",
        "title": "Quảng Ninh thu hồi giấy chứng nhận của các sản phẩm vi phạm",
        "date": dt.date(2026, 3, 16),
        "summary": "Sản phẩm vi phạm Luật An toàn thực phẩm hoặc không còn sản xuất bị thu "
        "hồi giấy chứng nhận OCOP.",
        "body": _p(
            "Theo báo cáo của tỉnh Quảng Ninh, trong sáu tháng tỉnh đã thu hồi 10 giấy "
            "chứng nhận sản phẩm OCOP đạt sao và đưa 65 sản phẩm chưa đạt sao ra khỏi "
            "Chương trình.",
            "Các lý do thường gặp là vi phạm Luật An toàn thực phẩm, vi phạm Luật Chất "
            "lượng sản phẩm, hàng hóa, hoặc chủ thể không còn sản xuất sản phẩm. Sản phẩm "
            "bị thu hồi giấy chứng nhận không được tiếp tục sử dụng biểu trưng OCOP.",
            "Trên cửa hàng này, sản phẩm bị thu hồi hoặc tạm dừng chứng nhận được gỡ khỏi "
            "danh mục ngay khi nhận được thông tin, trang sản phẩm cho biết lý do.",
        ),
    },
    {
        "slug": "quet-tem-truy-xuat-nguon-goc",
        "title": "Quét tem truy xuất nguồn gốc để kiểm tra sản phẩm OCOP",
        "date": dt.date(2025, 11, 5),
        "summary": "Mã QR trên tem điện tử cho biết giấy chứng nhận còn hiệu lực hay không.",
        "body": _p(
            "Phần lớn sản phẩm OCOP được dán tem điện tử truy xuất nguồn gốc có mã QR. Người "
            "tiêu dùng dùng điện thoại quét mã để xem thông tin sản phẩm, chủ thể sản xuất "
            "và giấy chứng nhận.",
            "Trang kiểm tra của cửa hàng cho biết số chứng nhận, số sao, cơ quan cấp, ngày "
            "cấp, ngày hết hạn và trạng thái hiện tại: còn hiệu lực, đã hết hạn, tạm dừng "
            "hay đã bị thu hồi.",
        ),
    },
    {
        "slug": "san-pham-ocop-sau-sap-nhap-tinh",
        "title": "Sản phẩm OCOP của Bắc Kạn, Hòa Bình sau khi sắp xếp đơn vị hành chính",
        "date": dt.date(2025, 10, 8),
        "summary": "Giấy chứng nhận giữ nguyên thông tin như khi cấp; sản phẩm được xếp "
        "theo tỉnh hiện nay.",
        "body": _p(
            "Từ ngày 01/7/2025, cả nước có 34 tỉnh, thành phố. Tỉnh Bắc Kạn hợp nhất vào "
            "tỉnh Thái Nguyên, tỉnh Hòa Bình hợp nhất vào tỉnh Phú Thọ.",
            "Giấy chứng nhận OCOP cấp trước ngày này vẫn ghi cơ quan cấp như khi cấp, ví dụ "
            "\"UBND tỉnh Bắc Kạn\". Trên cửa hàng, sản phẩm như Gạo nếp Tài, Bí xanh thơm "
            "Ba Bể được xếp vào tỉnh Thái Nguyên; Cam Cao Phong, Bưởi đỏ Tân Lạc được xếp "
            "vào tỉnh Phú Thọ.",
        ),
    },
    {
        "slug": "ket-qua-ocop-bac-kan-hoa-binh",
        "title": "Bắc Kạn và Hòa Bình: hàng trăm sản phẩm OCOP từ 3 sao",
        "date": dt.date(2025, 4, 22),
        "summary": "Đến cuối năm 2023, Bắc Kạn có 218 và Hòa Bình có 158 sản phẩm OCOP "
        "từ 3 sao.",
        "body": [
            *_p(
                "Theo báo cáo của tỉnh, đến cuối năm 2023 Bắc Kạn có 218 sản phẩm OCOP đạt "
                "từ 3 sao trở lên, gồm 1 sản phẩm 5 sao, 18 sản phẩm 4 sao và 199 sản phẩm "
                "3 sao, có mặt ở 79 trên 108 xã của tỉnh; tỉnh có 10 cửa hàng OCOP.",
                "Cùng thời điểm, Hòa Bình có 158 sản phẩm OCOP từ 3 sao, nổi bật là cam "
                "Cao Phong, bưởi đỏ Tân Lạc và măng nứa khô.",
            ),
            _grid("Thực phẩm OCOP", group="food", limit=4),
        ],
    },
    {
        "slug": "mang-luoi-diem-ban-san-pham-ocop",
        "title": "Mạng lưới điểm giới thiệu và bán sản phẩm OCOP",
        "date": dt.date(2026, 5, 28),
        "summary": "Điểm bán OCOP là nơi mua hàng tin cậy cho du khách và người dân.",
        "body": _p(
            "Các tỉnh xây dựng mạng lưới điểm giới thiệu và bán sản phẩm OCOP. Quảng Ninh "
            "có 31 điểm giới thiệu và bán sản phẩm, Bắc Kạn có 10 cửa hàng OCOP.",
            "Mỗi điểm bán có địa chỉ, giờ mở cửa và nhân viên riêng, quản lý hàng tồn của "
            "mình. Khách hàng có thể tra cứu điểm bán gần nhất và xem sản phẩm còn hàng tại "
            "từng điểm trên trang Điểm bán.",
        ),
    },
    {
        "slug": "ban-hang-ocop-truc-tuyen",
        "title": "Đưa sản phẩm OCOP lên kênh bán hàng trực tuyến",
        "date": dt.date(2026, 9, 9),
        "summary": "Thương mại điện tử và livestream mở rộng thị trường cho chủ thể OCOP.",
        "body": _p(
            "Các tỉnh đề ra mục tiêu số hóa hồ sơ sản phẩm, truy xuất nguồn gốc và phát "
            "triển kênh bán hàng trực tuyến như sàn thương mại điện tử và livestream bán "
            "hàng.",
            "Điều kiện quan trọng nhất là kiểm soát chặt chẽ: sản phẩm hết hạn hoặc bị thu "
            "hồi chứng nhận không được tiếp tục bán dưới tên OCOP trên bất kỳ kênh nào.",
        ),
    },
)


def step_count() -> int:
    """How many times ``publish_pages`` calls ``step``."""
    return 2 + len(NEWS) + len(MORE_NEWS) + len(PAGES) + len(TRANSLATIONS) + 3


def publish_pages(*, step: Callable[[int], object]) -> int:
    """The home page's blocks, news, programme pages, English translations, menus
    and footer, where missing; returns pages published."""
    home = services.home_page()
    changed = 0
    if not home.intro and not len(home.body):  # as the migration left it
        changed += services.home_page_update(intro=HOME_INTRO, body=home_body())
    step(1)
    index = NewsIndexPage.objects.child_of(home).filter(slug=NEWS_INDEX["slug"]).first()
    if index is None:
        index, _created = services.news_index_create_or_update(parent=home, **NEWS_INDEX)
        changed += 1
    step(1)
    present = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    for article in (*NEWS, *MORE_NEWS):
        if article["slug"] not in present:
            services.news_page_create_or_update(index=index, **article)
            changed += 1
        step(1)
    present = set(StandardPage.objects.child_of(home).values_list("slug", flat=True))
    for page in PAGES:
        if page["slug"] not in present:
            services.standard_page_create_or_update(parent=home, **page)
            changed += 1
        step(1)
    changed += _translate(home, index, step)
    _navigation(home, index)
    step(1)
    return changed


def _translate(home, index, step) -> int:
    """English for the home page, the news index and some articles, where missing."""
    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        step(2 + len(TRANSLATIONS))
        return 0
    changed = 0
    if _missing(home, english):
        services.page_translation_publish(page=home, language_code="en", values=HOME_EN)
        changed += 1
    step(1)
    if _missing(index, english):
        services.page_translation_publish(page=index, language_code="en", values=NEWS_INDEX_EN)
        changed += 1
    step(1)
    articles = NewsPage.objects.child_of(index).filter(slug__in=TRANSLATIONS)
    for article in articles:
        if _missing(article, english):
            title, summary, paragraphs = TRANSLATIONS[article.slug]
            body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
            services.page_translation_publish(
                page=article, language_code="en",
                values={"title": title, "summary": summary, "body": body},
            )
            changed += 1
    step(len(TRANSLATIONS))
    return changed


def _missing(page, locale) -> bool:
    translation = page.get_translation_or_none(locale)
    return translation is None or translation.alias_of_id is not None


def _navigation(home, index) -> None:
    """The main menu and footer, unless editors have set them."""
    site = Site.objects.get(is_default_site=True)
    pages = {p.slug: p for p in StandardPage.objects.child_of(home)}
    menu = MainMenu.for_site(site)
    if not len(menu.items):
        menu.items = [{"type": "page", "value": {"page": index.pk, "title": "Tin tức"}}] + [
            {"type": "page", "value": {"page": pages[slug].pk, "title": ""}}
            for slug in MENU_SLUGS if slug in pages
        ]
        menu.save()
    footer = FooterSettings.for_site(site)
    if not footer.hotline and not footer.email and not len(footer.policy_links):
        for name, value in FOOTER.items():
            setattr(footer, name, value)
        footer.policy_links = [
            {"type": "page", "value": {"page": pages[slug].pk, "title": ""}}
            for slug in POLICY_SLUGS if slug in pages
        ]
        footer.save()


def ensure_accounts(*, password: str) -> int:
    """The demo editor and moderator, unless an account of that e-mail exists."""
    User = get_user_model()
    created = 0
    for email, username, group in ACCOUNTS:
        if User.objects.filter(email__iexact=email).exists() or User.objects.filter(
            username=username
        ).exists():
            continue
        user = User.objects.create_user(username, email, password)
        user.groups.add(Group.objects.get(name=group))
        created += 1
    return created
