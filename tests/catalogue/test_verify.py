"""/verify/<certificate_no>/: what a traceability stamp's QR code opens,
in HTML and JSON, for every status."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalogue.models import Certificate
from tests.factories import CertificateFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2026, 11, 24)
JSON_KEYS = {
    "certificate_no", "valid", "status", "reason", "stars", "level", "product_name",
    "producer_name", "issued_on", "expires_on", "product_url",
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=VN), tick=False):
        yield


def certificate(status="active", **kw):
    defaults = {
        "active": {},
        "expired": {"issued_on": dt.date(2023, 10, 15), "expires_on": dt.date(2026, 10, 15)},
        "not_yet_valid": {"issued_on": dt.date(2026, 12, 1), "expires_on": dt.date(2029, 12, 1)},
        "suspended": {"status": Certificate.Status.SUSPENDED},
        "revoked": {
            "status": Certificate.Status.REVOKED, "revoked_on": dt.date(2026, 8, 1),
            "revocation_reason": "Vi phạm Luật Chất lượng sản phẩm, hàng hóa",
        },
    }[status]
    base = {"issued_on": dt.date(2025, 1, 5), "expires_on": dt.date(2028, 1, 5)}
    return CertificateFactory(
        certificate_no=f"QN-{status}", stars=4,
        product=ProductFactory(title="Chả mực Hạ Long"),
        **{**base, **defaults, **kw},
    )


REASONS = {
    "active": "Giấy chứng nhận OCOP còn hiệu lực đến hết ngày 05/01/2028",
    "expired": "Giấy chứng nhận OCOP đã hết hạn ngày 15/10/2026",
    "not_yet_valid": "Giấy chứng nhận OCOP chưa có hiệu lực (từ ngày 01/12/2026)",
    "suspended": "Giấy chứng nhận OCOP đang bị tạm dừng",
    "revoked": "Giấy chứng nhận OCOP đã bị thu hồi ngày 01/08/2026: "
    "Vi phạm Luật Chất lượng sản phẩm, hàng hóa",
}
STATUSES = list(REASONS)


def get_json(client, number):
    return client.get(f"/verify/{number}/", HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("status", STATUSES)
def test_json_for_every_status(client, groups, status):
    cert = certificate(status)
    response = get_json(client, cert.certificate_no)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == JSON_KEYS
    assert data["certificate_no"] == cert.certificate_no
    assert data["status"] == status
    assert data["valid"] is (status == "active")
    assert data["reason"] == REASONS[status]
    assert data["stars"] == 4
    assert data["level"] == "provincial"
    assert data["product_name"] == "Chả mực Hạ Long"
    assert data["producer_name"] == cert.product.producer.name
    assert data["issued_on"] == cert.issued_on.isoformat()
    assert data["expires_on"] == cert.expires_on.isoformat()
    if status == "active":
        assert data["product_url"] == f"http://testserver{cert.product.get_absolute_url()}"
    else:
        assert data["product_url"] is None


def test_json_for_an_unknown_number(client):
    response = get_json(client, "QN-9999-0000")
    assert response.status_code == 404
    assert response.json() == {
        "certificate_no": "QN-9999-0000", "valid": False, "status": "unknown",
    }


@pytest.mark.parametrize("status", STATUSES)
def test_html_for_every_status(client, groups, status):
    cert = certificate(status)
    response = client.get(f"/verify/{cert.certificate_no}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-status="{status}"' in html
    assert REASONS[status] in html
    assert cert.certificate_no in html
    assert "Chả mực Hạ Long" in html
    assert cert.product.producer.name in html
    assert "Cấp tỉnh" in html
    assert cert.issued_on.strftime("%d/%m/%Y") in html
    assert cert.expires_on.strftime("%d/%m/%Y") in html
    if status == "active":
        assert "Giấy chứng nhận hợp lệ" in html
        assert "data-ocop-badge" in html
        product_url = f"http://testserver{cert.product.get_absolute_url()}"
        assert f'href="{product_url}" data-product-link' in html
    else:
        assert "Giấy chứng nhận không còn hiệu lực" in html
        assert "data-ocop-badge" not in html  # the OCOP mark only while valid
        assert "data-product-link" not in html


def test_html_for_an_unknown_number(client):
    response = client.get("/verify/QN-9999-0000/")
    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận số QN-9999-0000" in response.content.decode()


def test_an_expired_certificate_still_links_a_product_recertified_since(client, groups):
    old = certificate("expired")
    CertificateFactory(product=old.product, issued_on=dt.date(2026, 10, 20),
                       expires_on=dt.date(2029, 10, 20))
    data = get_json(client, old.certificate_no).json()
    assert data["status"] == "expired"
    assert data["product_url"] == f"http://testserver{old.product.get_absolute_url()}"
    html = client.get(f"/verify/{old.certificate_no}/").content.decode()
    assert "data-product-link" in html
    assert "data-ocop-badge" not in html


def test_verdict_changes_at_local_midnight(client, groups):
    cert = certificate("active", issued_on=dt.date(2023, 11, 24), expires_on=dt.date(2026, 11, 24))
    with time_machine.travel(dt.datetime(2026, 11, 24, 23, 59, tzinfo=VN), tick=False):
        assert get_json(client, cert.certificate_no).json()["status"] == "active"
    with time_machine.travel(dt.datetime(2026, 11, 25, 0, 0, tzinfo=VN), tick=False):
        data = get_json(client, cert.certificate_no).json()
    assert data["status"] == "expired"
    assert data["valid"] is False
