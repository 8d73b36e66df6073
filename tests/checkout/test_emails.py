"""The confirmation e-mail (vi/en): each item's certificate number and an absolute
link to verify it on SITE_URL; the order status link on the public site (https),
not Oscar's hard-coded http://."""

import pytest
from django.urls import reverse

from .conftest import to_preview


@pytest.mark.parametrize("language, subject, certificate", [
    ("vi", "Xác nhận đơn hàng", "Giấy chứng nhận OCOP HB-2025-0005 (4 sao)"),
    ("en", "confirmed – OCOP Vietnam", "OCOP certificate HB-2025-0005 (4 stars)"),
])
def test_confirmation_email_lists_certificates_with_verify_links(
    client, product, settings, mailoutbox, language, subject, certificate
):
    settings.SITE_URL = "https://ocop.example.vn"
    to_preview(client, product)
    prefix = "/en" if language == "en" else ""  # English checkout pages live under /en/
    client.post(prefix + reverse("checkout:preview"), {"action": "place_order"})
    (mail,) = mailoutbox
    assert mail.to == ["lan@example.vn"]
    assert subject in mail.subject
    assert certificate in mail.body
    assert f"https://ocop.example.vn{prefix}/verify/HB-2025-0005/" in mail.body
    html = mail.alternatives[0][0]
    assert f'href="https://ocop.example.vn{prefix}/verify/HB-2025-0005/"' in html
    status_links = [w for w in mail.body.split() if "/accounts/" in w or "/order" in w]
    assert status_links and all(w.startswith("https://ocop.example.vn/") for w in status_links)
    assert "http://" not in mail.body
