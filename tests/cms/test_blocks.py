"""Every block renders; product blocks show a product only while it may be sold."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from catalogue.models import Certificate
from cms.figures import programme_figures
from tests.cms.conftest import at, certified, publish, wagtail_image
from tests.factories import PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def every_home_block(image, picks, province="22"):
    return [
        ("hero", {"heading": "Tết này mua quà OCOP", "text": "Quà quê chính gốc.",
                  "image": image, "link_text": "Mua ngay", "link_url": "/catalogue/"}),
        ("groups", {"heading": "Sáu nhóm sản phẩm"}),
        ("products", {"heading": "5 sao Quảng Ninh", "group": "", "stars": "5",
                      "province": province, "sort": "newest", "limit": 8}),
        ("product_picks", {"heading": "Biên tập viên chọn", "products": picks}),
        ("figures", {"heading": "Sản phẩm OCOP theo tỉnh"}),
        ("latest_news", {"heading": "Tin mới", "limit": 3}),
        ("showrooms", {"heading": "Điểm bán ở Quảng Ninh", "province": province, "limit": 6}),
        ("heading", "Câu chuyện sản phẩm"),
        ("paragraph", "<p>Trà hoa vàng <b>Ba Chẽ</b>.</p>"),
        ("quote", {"text": "Giữ chất lượng sau khi đạt sao.", "attribution": "Hội đồng tỉnh"}),
        ("image", image),
    ]


def test_home_page_renders_every_block(client, home, groups, make_news):
    image = wagtail_image()
    five = certified("Chả mực Hạ Long", stars=5, level="national")
    other_province = certified("Cam Cao Phong", stars=5, province="25", level="national")
    picked = certified("Trà hoa vàng Ba Chẽ", stars=4, group="beverage")
    PartnerFactory(name="Trung tâm OCOP Hạ Long", slug="ocop-ha-long", province_code="22")
    PartnerFactory(name="Điểm bán Việt Trì", slug="ocop-viet-tri", province_code="25")
    make_news("Hội chợ OCOP Quảng Ninh 2026", day=20)
    home.body = every_home_block(image, [picked])
    publish(home)

    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tết này mua quà OCOP" in html and 'href="/catalogue/">Mua ngay</a>' in html
    assert html.count('class="group-tile"') == 6  # the block, not the default section too
    section = html[html.index("5 sao Quảng Ninh"):html.index("Biên tập viên chọn")]
    assert five.get_absolute_url() in section
    assert other_province.get_absolute_url() not in section
    assert picked.get_absolute_url() in html[html.index("Biên tập viên chọn"):]
    figures = html[html.index("Sản phẩm OCOP theo tỉnh"):html.index("Tin mới")]
    assert 'data-province="22"' in figures and 'data-province="25"' in figures
    assert 'data-province="01"' not in figures  # provinces with none are left out
    assert "Hội chợ OCOP Quảng Ninh 2026" in html
    showrooms = html[html.index("Điểm bán ở Quảng Ninh"):]
    assert "Trung tâm OCOP Hạ Long" in showrooms and "Điểm bán Việt Trì" not in showrooms
    assert "Trà hoa vàng <b>Ba Chẽ</b>." in html
    assert "Giữ chất lượng sau khi đạt sao." in html and "Hội đồng tỉnh" in html
    assert html.count("doi-che") >= 2


def test_a_hand_picked_product_drops_out_at_local_midnight_when_it_expires(client, home, groups):
    lapsing = certified("Nước mắm sá sùng", issued_on=dt.date(2023, 10, 15),
                        expires_on=dt.date(2026, 10, 15))
    lasting = certified("Rượu Ba kích", issued_on=dt.date(2025, 1, 1))
    home.body = [("product_picks", {"heading": "Chọn lọc", "products": [lapsing, lasting]})]
    publish(home)
    with at(2026, 10, 15, 23, 59):
        html = client.get("/").content.decode()
    assert lapsing.get_absolute_url() in html and lasting.get_absolute_url() in html
    assert html.index("Nước mắm sá sùng") < html.index("Rượu Ba kích")  # the editor's order
    with at(2026, 10, 16, 0, 0):
        html = client.get("/").content.decode()
    assert lapsing.get_absolute_url() not in html
    assert lasting.get_absolute_url() in html


def test_a_revoked_pick_and_rule_product_drop_out_at_once(client, home, groups):
    product = certified("Bưởi đỏ Tân Lạc", stars=5, level="national")
    home.body = [
        ("product_picks", {"heading": "Chọn lọc", "products": [product]}),
        ("products", {"heading": "5 sao", "group": "", "stars": "5", "province": "",
                      "sort": "newest", "limit": 8}),
    ]
    publish(home)
    assert client.get("/").content.decode().count(product.get_absolute_url()) >= 2
    Certificate.objects.filter(product=product).update(status=Certificate.Status.REVOKED)
    html = client.get("/").content.decode()
    assert product.get_absolute_url() not in html
    assert "Chọn lọc" not in html  # an empty pick block leaves nothing behind
    assert "Chưa có sản phẩm nào." in html


def test_a_deleted_pick_does_not_break_the_page(client, home, groups):
    gone = ProductFactory(title="Cao lạc tiên")  # no certificate, so it can be deleted
    kept = certified("Măng nứa khô")
    home.body = [("product_picks", {"heading": "Chọn lọc", "products": [gone, kept]})]
    publish(home)
    gone.delete()
    response = client.get("/")
    assert response.status_code == 200
    assert kept.get_absolute_url() in response.content.decode()


def test_programme_figures_cached_until_a_sellability_change(home, groups):
    from catalogue.models import Product
    from catalogue.signals import sellability_changed

    certified("Chả mực", stars=5, level="national")
    first = {row.code: row.total for row in programme_figures()}
    assert first["22"] == 1
    certified("Trà hoa vàng", stars=3)  # written without a signal: the cache still holds
    assert {row.code: row.total for row in programme_figures()}["22"] == 1
    sellability_changed.send(sender=Product, changes=(), product_ids=())
    assert {row.code: row.total for row in programme_figures()}["22"] == 2


def test_programme_figures_recomputed_after_local_midnight(home, groups):
    with at(2026, 10, 15, 23, 59):
        certified("Nước mắm", issued_on=dt.date(2023, 10, 15), expires_on=dt.date(2026, 10, 15))
        assert {row.code: row.total for row in programme_figures()}["22"] == 1
    with at(2026, 10, 16, 0, 0):
        assert {row.code: row.total for row in programme_figures()}["22"] == 0


def test_news_page_body_blocks(client, groups, make_news):
    product = certified("Chả mực Hạ Long")
    document = Document.objects.create(
        title="Bộ tiêu chí OCOP", file=ContentFile(b"%PDF-1.4", name="bo-tieu-chi.pdf")
    )
    article = make_news(
        "Hội chợ OCOP 2026", day=5, province="22", author="Ban biên tập",
        hero_image=wagtail_image("Gian hàng"),
        body=[
            ("heading", "Gian hàng"),
            ("paragraph", "<p>Hơn 200 gian hàng.</p>"),
            ("quote", {"text": "Khách rất đông.", "attribution": "Chị Lan"}),
            ("embed", "https://www.youtube.com/watch?v=abc123"),
            ("document", {"document": document, "title": "Tải bộ tiêu chí"}),
            ("product_picks", {"heading": "Sản phẩm tại hội chợ", "products": [product]}),
        ],
    )
    article.tags.add("hội chợ")
    publish(article)
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert article.url == "/tin-tuc/hoi-cho-ocop-2026/"
    assert "Quảng Ninh" in html and "Ban biên tập" in html
    assert "Hơn 200 gian hàng." in html and "Khách rất đông." in html
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html
    assert "Tải bộ tiêu chí" in html and document.url in html
    assert product.get_absolute_url() in html
    assert "?tag=hoi-cho" in html
