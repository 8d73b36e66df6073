"""Showroom service: a showroom is an Oscar partner; its staff are Partner.users
with Oscar's ``partner.dashboard_access`` permission, never ``is_staff``."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from shops.models import Partner
from shops.services import ShowroomError, StaffMember, showroom_create_or_update
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def showroom(slug="ocop-ha-long", *, staff=(), **overrides):
    values = {
        "slug": slug,
        "name": f"Điểm bán OCOP {slug}",
        "province_code": "22",
        "address": "Số 18 đường Hạ Long, phường Bãi Cháy, tỉnh Quảng Ninh",
        "opening_hours": "08:00–22:00 hằng ngày",
        "phone": "0203 3846 118",
        "latitude": Decimal("20.9551"),
        "longitude": Decimal("107.0483"),
        "staff": staff,
        **overrides,
    }
    return showroom_create_or_update(**values)


def member(name: str) -> StaffMember:
    return StaffMember(email=f"{name}@ocop.example.vn", first_name=name, password="ocop-staff")


def test_showroom_is_a_partner_with_its_details_and_limited_staff():
    partner = showroom(staff=[member("lan")])
    partner.refresh_from_db()
    assert (partner.slug, partner.province_code) == ("ocop-ha-long", "22")
    assert partner.is_showroom
    assert partner.address.startswith("Số 18") and partner.opening_hours and partner.phone
    assert partner.latitude == Decimal("20.955100") and partner.longitude == Decimal("107.048300")
    (user,) = partner.users.all()
    assert user.email == "lan@ocop.example.vn" and user.check_password("ocop-staff")
    assert not user.is_staff and not user.is_superuser
    assert user.has_perm("partner.dashboard_access")


def test_running_it_again_changes_nothing_and_updates_in_place():
    first = showroom(staff=[member("lan")])
    again = showroom(staff=[member("lan")])
    assert again.pk == first.pk
    assert Partner.objects.count() == 1 and User.objects.count() == 1
    moved = showroom(staff=[member("lan")], phone="0203 3999 000", opening_hours="07:00–23:00")
    assert moved.pk == first.pk
    assert Partner.objects.get().phone == "0203 3999 000"


def test_staff_no_longer_listed_lose_access_unless_they_work_at_another_showroom():
    showroom("ocop-ha-long", staff=[member("lan"), member("hung")])
    showroom("ocop-van-don", staff=[member("hung")])
    ha_long = showroom("ocop-ha-long", staff=[member("mai")])

    assert {u.email for u in ha_long.users.all()} == {"mai@ocop.example.vn"}
    lan = User.objects.get(email="lan@ocop.example.vn")
    hung = User.objects.get(email="hung@ocop.example.vn")
    assert not lan.partners.exists() and not lan.has_perm("partner.dashboard_access")
    assert {p.slug for p in hung.partners.all()} == {"ocop-van-don"}
    assert hung.has_perm("partner.dashboard_access")


def test_an_existing_account_keeps_its_password_and_staff_status():
    manager = User.objects.create_user(
        username="manager", email="manager@ocop.example.vn", password="own-secret", is_staff=True
    )
    partner = showroom(staff=[StaffMember(email="Manager@ocop.example.vn", password="other")])
    assert list(partner.users.all()) == [manager]
    manager.refresh_from_db()
    assert manager.check_password("own-secret") and manager.is_staff


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"province_code": "06"}, "not one of today's 34 provinces"),  # Bắc Kạn, merged in 2025
        ({"province_code": "99"}, "not one of today's 34 provinces"),
        ({"latitude": Decimal("120")}, "latitude 120"),
        ({"longitude": "east"}, "longitude 'east' is not a number"),
        ({"name": "  "}, "needs a name"),
        ({"slug": "Ha Long"}, "lower-case"),
        ({"staff": [StaffMember(email="not-an-email")]}, "staff e-mail 'not-an-email'"),
    ],
)
def test_bad_showroom_data_is_refused_and_nothing_is_written(overrides, message):
    with pytest.raises(ShowroomError, match=message):
        showroom(**overrides)
    assert not Partner.objects.exists() and not User.objects.exists()


def test_oscar_dashboard_shows_staff_only_their_showrooms_products(groups):
    ha_long = showroom("ocop-ha-long", staff=[member("lan")])
    van_don = showroom("ocop-van-don", staff=[member("hung")])
    ours = ProductFactory(title="Chả mực Hạ Long", stock={"partner": ha_long})
    theirs = ProductFactory(title="Nước mắm sá sùng Vân Đồn", stock={"partner": van_don})
    shared = ProductFactory(title="Trà hoa vàng Ba Chẽ", stock={"partner": van_don})
    shared.stockrecords.create(partner=ha_long, partner_sku="TRA-HL", price=Decimal("350000"),
                               num_in_stock=0)

    client = Client()
    assert client.login(username="lan@ocop.example.vn", password="ocop-staff")
    # Product content is head office's: staff are sent to their own stock list.
    response = client.get(reverse("dashboard:catalogue-product-list"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert {r.product for r in response.context["records"]} == {ours, shared}
    page = response.content.decode()
    assert "Chả mực Hạ Long" in page and "Trà hoa vàng Ba Chẽ" in page
    assert "Nước mắm sá sùng Vân Đồn" not in page

    for product in (theirs, ours):
        edit = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
        assert client.get(edit).status_code in (302, 403, 404)

    # Oscar's own admin screens stay closed to showroom staff.
    assert client.get("/admin/").status_code == 302
