"""Account pages: Vietnamese first and English, none of Oscar's wrong Vietnamese,
another shopper's order unknown, order pages at a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.address.models import UserAddress

from storefront.checkout import statuses

from .conftest import certified_product, place_order
from .support import page_title, speak, url_in, visible_text

# Oscar's Vietnamese that is wrong or stiff, and Oscar's English, on the pages a shopper sees.
BAD_STRINGS = (
    "Oops", "Chúng tôi tìm thấy vài lỗi", "Thông tin cá nhân", "Lịch sử đơn hàng",
    "Những thông báo", "Danh sách mong muốn", "Chào mừng quay trở lại", "Tôi quên mật khẩu",
    "Xóa thông tin cá nhân", "Một người dùng có địa chỉ email", "sao chép của", "sao chép từ",
    "Số đơn đặt hàng", "Cần ít nhất một dòng", "Hai mật khẩu chưa giống nhau",
    "Profile", "Order History", "Order history", "Address Book", "Email History", "Wish Lists",
    "Product Alerts", "Log In", "Login", "Register", "Re-order", "Not available anymore",
    "Date registered", "Filter results", "Num items", "Total inc tax", "Shipping Address",
    "Page 1 of", "Password reset", "Forgotten your password", "Notifications", "Inbox",
)

# Vietnamese left untranslated on a page read in English (its main part; the English
# wording itself belongs to the translators).
VIETNAMESE_LEFTOVERS = ("Tài khoản", "Đơn hàng", "Sổ địa chỉ", "Hồ sơ", "Đăng nhập", "Mật khẩu",
                        "Trang chủ", "Xoá", "Giấy chứng nhận", "Tạo tài khoản", "Lấy lại",
                        "Thêm địa chỉ", "Email và thông báo", "Thông báo", "Quên mật khẩu",
                        "Ngày đặt", "Trạng thái", "Tổng cộng", "hoặc", "huỷ", "Lưu")


@pytest.fixture
def world(shopper, showroom, groups):
    product = certified_product(showroom, certificate_no="HB-2025-0005")
    order = place_order(shopper, [product], number="100001")
    address = UserAddress.objects.create(
        user=shopper, first_name="Nguyễn Thị Lan", phone_number="+84912345678",
        line1="Số 12 Cù Chính Lan", line3="Phường Hòa Bình", line4="Phú Thọ",
        country_id="VN")
    return {"order": order, "address": address, "product": product}


def account_pages(world, language):
    order, address = world["order"], world["address"]
    return {
        url_in(language, "customer:profile-view"): (["Hồ sơ", "Dữ liệu cá nhân"],
                                                    []),
        url_in(language, "customer:profile-update"): (["Họ và tên đệm", "Tên"],
                                                      []),
        url_in(language, "customer:profile-delete"): (["Xoá tài khoản", "Nghị định 13"],
                                                      []),
        url_in(language, "customer:change-password"): (["Mật khẩu hiện tại", "Mật khẩu mới"],
                                                       []),
        url_in(language, "customer:order-list"): (["Đơn hàng của tôi", order.number,
                                                   "125.000 ₫", "Đang chuẩn bị"],
                                                  [order.number, "Preparing"]),
        url_in(language, "customer:order", order_number=order.number): (
            ["HB-2025-0005", "Giấy chứng nhận OCOP khi bán", "Tổng cộng"],
            ["HB-2025-0005", "4"]),
        url_in(language, "customer:address-list"): (["Sổ địa chỉ", "Phường Hòa Bình"],
                                                    []),
        url_in(language, "customer:address-create"): (["Tỉnh/thành phố", "Phường/xã"],
                                                      []),
        url_in(language, "customer:address-detail", pk=address.pk): (
            ["Sửa địa chỉ", "Số điện thoại"], []),
        url_in(language, "customer:address-delete", pk=address.pk): (
            ["Xoá địa chỉ"], ["Số 12 Cù Chính Lan"]),
        url_in(language, "customer:email-list"): (["Email và thông báo", "không tắt được"],
                                                  []),
        url_in(language, "customer:notifications-inbox"): (["Thông báo", "Hộp thư đến"],
                                                           []),
    }


def public_pages(language):
    return {
        url_in(language, "customer:login"): (["Đăng nhập", "Tạo tài khoản mới",
                                              "Nghị định 13/2023/NĐ-CP", "Quên mật khẩu?"],
                                             []),
        url_in(language, "customer:register"): (["Tạo tài khoản mới", "Nhập lại mật khẩu"],
                                                []),
        url_in(language, "password-reset"): (["Lấy lại mật khẩu", "Gửi email đặt lại mật khẩu"],
                                             []),
        url_in(language, "password-reset-done"): (["Hãy kiểm tra hộp thư của bạn"],
                                                  []),
        url_in(language, "password-reset-complete"): (["Đã đặt mật khẩu mới"],
                                                      []),
        url_in(language, "password-reset-confirm", uidb64="x", token="y"): (
            ["không hợp lệ"], []),
    }


def problems(client, pages, language):
    found = {}
    for url, (vietnamese, english) in pages.items():
        response = client.get(url)
        if response.status_code != 200:
            found[url] = response.status_code
            continue
        html = response.content.decode()
        text, title = visible_text(html), page_title(html)
        expected = vietnamese if language == "vi" else english
        missing = [s for s in expected if s not in text]
        if language == "vi":
            bad = [s for s in BAD_STRINGS if s in text or s in title]
        else:
            main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
            # Place names (the ward and province lists) are Vietnamese in every language.
            main = visible_text(re.sub(r"<select\b.*?</select>", " ", main, flags=re.S))
            bad = [s for s in VIETNAMESE_LEFTOVERS if s in main]
        if missing or bad or f'lang="{language}"' not in html:
            found[url] = {"missing": missing, "bad": bad, "title": title}
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_account_pages_read_naturally(shopper_client, world, language):
    speak(shopper_client, language)
    assert problems(shopper_client, account_pages(world, language), language) == {}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_login_registration_and_password_pages_read_naturally(client, db, language):
    speak(client, language)
    assert problems(client, public_pages(language), language) == {}


def test_every_rewording_in_the_storefront_catalogue_is_the_one_served():
    """storefront/locale/vi is consulted before Oscar's own Vietnamese: each of its
    entries is what gettext answers (none is shadowed by an app listed earlier)."""
    import gettext
    from pathlib import Path

    from django.conf import settings
    from django.utils import translation

    catalogue = gettext.GNUTranslations(
        (Path(settings.BASE_DIR) / "storefront/locale/vi/LC_MESSAGES/django.mo").open("rb"))
    shadowed = {}
    with translation.override("vi"):
        for key, wanted in catalogue._catalog.items():
            if key == "":
                continue
            if isinstance(key, tuple):  # a plural form
                served = translation.ngettext(key[0], key[0], 1)
            elif "\x04" in key:  # a context
                served = translation.pgettext(*key.split("\x04"))
            else:
                served = translation.gettext(key)
            if served != wanted:
                shadowed[key] = served
    assert len(catalogue._catalog) > 50 and shadowed == {}


def test_the_storefront_catalogue_wins_over_oscars(settings):
    """The rewordings the account pages rely on."""
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext("Welcome back") == "Chào mừng bạn trở lại!"
        assert translation.gettext("Profile updated") == "Đã lưu hồ sơ của bạn."
        assert (translation.gettext("This address is already in your address book")
                == "Địa chỉ này đã có trong sổ địa chỉ của bạn.")


def test_menu_offers_vouchers_and_hides_what_the_shop_does_not_offer(shopper_client, world):
    text = shopper_client.get(reverse("customer:profile-view")).content.decode()
    assert 'href="/accounts/vouchers/"' in text or "tourism" not in text
    for path in ("/accounts/wishlists/", "/accounts/alerts/", "/accounts/wishlists/create/"):
        assert shopper_client.get(path).status_code == 404
    assert "wishlists" not in text and "alerts" not in text


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(reverse("customer:order-list"))
    assert response.status_code == 302 and reverse("customer:login") in response["Location"]


def test_an_order_shows_each_line_with_its_certificate_and_status(shopper_client, world):
    order = world["order"]
    order.set_status(statuses.SHIPPING)
    html = shopper_client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert 'href="/verify/HB-2025-0005/"' in html
    assert "Đang giao" in visible_text(html) and "4 sao" in visible_text(html)


def test_another_shoppers_order_is_not_found(client, world, other):
    client.force_login(other)
    order = world["order"]
    line = order.lines.get()
    assert client.get(reverse("customer:order", args=[order.number])).status_code == 404
    assert client.post(reverse("customer:order", args=[order.number]),
                       {"action": "reorder", "order_id": order.pk}).status_code == 404
    assert client.post(reverse("customer:order-line", args=[order.number, line.pk]),
                       {"action": "reorder"}).status_code == 404
    assert client.get(reverse("customer:order", args=["khong-co"])).status_code == 404
    for junk in ("ab%00c", "9" * 300):
        assert client.get(f"/accounts/orders/{junk}/").status_code == 404
        assert client.post(f"/accounts/orders/{junk}/{line.pk}/",
                           {"action": "reorder"}).status_code == 404
    assert client.post(reverse("customer:order-line", args=[order.number, 999999]),
                       {"action": "reorder"}).status_code == 404
    page = client.get(reverse("customer:order-list")).content.decode()
    assert order.number not in visible_text(page) and "Bạn chưa đặt đơn hàng nào." in page


def test_reorder_puts_the_items_back_in_the_basket(shopper_client, world):
    order = world["order"]
    line_url = reverse("customer:order-line", args=[order.number, order.lines.get().pk])
    assert shopper_client.get(line_url).status_code == 405
    odd = shopper_client.post(line_url, {"action": "delete"}, follow=True)
    assert "Yêu cầu không hợp lệ." in visible_text(odd.content.decode())
    odd = shopper_client.post(reverse("customer:order", args=[order.number]),
                              {"action": "khong-co"})
    assert odd.status_code == 200 and "Yêu cầu không hợp lệ." in visible_text(
        odd.content.decode())
    response = shopper_client.post(reverse("customer:order", args=[order.number]),
                                   {"action": "reorder", "order_id": order.pk}, follow=True)
    text = visible_text(response.content.decode())
    assert "Đã thêm vào giỏ hàng những sản phẩm của đơn" in text
    assert "Bưởi đỏ Tân Lạc" in text


def test_order_history_pages_and_filters(shopper_client, shopper, world):
    product = world["product"]
    for n in range(11):
        place_order(shopper, [product], number=f"2000{n:02d}")
    first = shopper_client.get(reverse("customer:order-list")).content.decode()
    assert "Trang sau" in first
    last = shopper_client.get(reverse("customer:order-list") + "?page=999")
    assert last.status_code == 200 and world["order"].number in last.content.decode()
    junk = shopper_client.get(reverse("customer:order-list") + "?page=abc")
    assert junk.status_code == 200
    found = shopper_client.get(reverse("customer:order-list"),
                               {"order_number": world["order"].number, "date_from": "",
                                "date_to": ""})
    assert found.status_code == 302
    bad_date = shopper_client.get(reverse("customer:order-list"),
                                  {"order_number": "", "date_from": "31/02/2026", "date_to": ""})
    assert bad_date.status_code == 200
    nothing = shopper_client.get(reverse("customer:order-list"),
                                 {"order_number": "", "date_from": "", "date_to": ""})
    assert "Vui lòng nhập mã đơn hoặc khoảng ngày để lọc." in nothing.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_order_history_costs_the_same_for_many_orders(
    shopper_client, shopper, showroom, world, django_assert_max_num_queries
):
    url = reverse("customer:order-list")
    few = count_queries(shopper_client, url)
    second = certified_product(showroom, title="Chè Shan tuyết")
    for n in range(14):
        place_order(shopper, [world["product"], second], number=f"3000{n:02d}")
    with django_assert_max_num_queries(few):
        assert shopper_client.get(url).status_code == 200
    assert few <= 25


def test_order_detail_costs_the_same_for_many_lines(
    shopper_client, shopper, showroom, world, django_assert_max_num_queries
):
    one = count_queries(shopper_client, reverse("customer:order", args=[world["order"].number]))
    many = place_order(shopper, [certified_product(showroom, title=f"Chè Shan tuyết {i}")
                                 for i in range(9)], number="400001")
    many.set_status(statuses.SHIPPING)
    url = reverse("customer:order", args=[many.number])
    with django_assert_max_num_queries(one):
        html = shopper_client.get(url).content.decode()
    assert html.count("/verify/") == 9
    assert one <= 30


def test_a_guest_opens_the_order_from_its_email_link(client, showroom, groups):
    product = certified_product(showroom, certificate_no="HB-2025-0007")
    order = place_order(None, [product], number="500001")
    order.guest_email = "khach@example.vn"
    order.save()
    url = reverse("customer:anon-order", kwargs={"order_number": order.number,
                                                 "hash": order.verification_hash()})
    form = client.get(url, follow=True)
    assert "vui lòng nhập email bạn đã dùng khi đặt đơn hàng này" in visible_text(
        form.content.decode())
    form_url = form.redirect_chain[-1][0]
    wrong = client.post(form_url, {"email": "nguoi-khac@example.vn"})
    assert "Không tìm thấy đơn hàng với email này." in visible_text(wrong.content.decode())
    page = client.post(form_url, {"email": "khach@example.vn"}, follow=True).content.decode()
    text = visible_text(page)
    assert "Đơn hàng 500001" in text and 'href="/verify/HB-2025-0007/"' in page
    assert not [s for s in BAD_STRINGS if s in text]
    assert "Mua lại" not in text
    forged = reverse("customer:anon-order", kwargs={"order_number": order.number,
                                                    "hash": "khong-dung"})
    assert "HB-2025-0007" not in client.get(forged, follow=True).content.decode()


def test_an_order_placed_at_checkout_shows_in_the_account(shopper_client, shopper, showroom,
                                                          groups):
    """Signed in, through the real checkout: the order, its certificate and the consent
    given at checkout appear on the account's pages."""
    from storefront.checkout.addresses import ward_choices
    from storefront.checkout.models import PersonalDataConsent

    product = certified_product(showroom, certificate_no="HB-2025-0009")
    shopper_client.post(reverse("basket:add", args=[product.pk]), {"quantity": 2})
    steps = [
        (reverse("checkout:shipping-address"), {
            "first_name": "Nguyễn Thị Lan", "phone_number": "0912 345 678", "province": "25",
            "ward": ward_choices("25")[0][0], "line1": "Số 12 Cù Chính Lan", "notes": "",
            "consent": "on"}),
        (reverse("checkout:shipping-method"), {"method_code": "giao-hang-tan-noi"}),
        (reverse("checkout:payment-method"), {"method": "cod"}),
        (reverse("checkout:preview"), {"action": "place_order"}),
    ]
    for url, data in steps:
        response = shopper_client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    order = shopper.orders.get()
    listing = visible_text(shopper_client.get(reverse("customer:order-list")).content.decode())
    assert order.number in listing and "Đang chuẩn bị" in listing
    detail = shopper_client.get(reverse("customer:order", args=[order.number])).content.decode()
    text = visible_text(detail)
    assert "HB-2025-0009" in text and "Thanh toán khi nhận hàng" in text
    assert "0912 345 678" in text and "Phú Thọ" in text
    profile = visible_text(shopper_client.get(reverse("customer:profile-view")).content.decode())
    consent = PersonalDataConsent.objects.get(user=shopper)
    assert consent.order_number == order.number and order.number in profile
