"""Pages only for visitors who are not logged in (password reset, …) answer a
signed-in shopper 403 in the site's own layout, in Vietnamese, without inline script."""

from django.urls import reverse


def test_signed_in_shopper_gets_the_sites_403_page(client, shopper):
    client.force_login(shopper)

    response = client.get(reverse("password-reset"))

    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="site-header"' in html and 'id="top_page"' not in html
    assert "Không có quyền truy cập" in html
    assert "Trang này chỉ dành cho khách chưa đăng nhập" in html
    assert "onclick" not in html


def test_in_english_too(client, shopper):
    client.force_login(shopper)

    html = client.get("/en" + reverse("password-reset")).content.decode()

    assert "Permission denied!" in html and "Back to the previous page" in html
