"""Showroom profile: the data migration, the service, the demo, and head office's
partner form (hours without JavaScript, hostile input refused with a reason)."""

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from shops.demo import SHOWROOMS, create_showrooms
from shops.hours import SUNDAY
from shops.models import OpeningPeriod, Partner
from shops.services import ShowroomError, StaffMember, showroom_create_or_update
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db
BAI_CHAY, VAN_DON, HOAN_KIEM = "06673", "06994", "00070"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_migration_reads_free_text_hours_and_address():
    migration = import_module("shops.migrations.0009_showroom_profile")
    old = PartnerFactory(slug="old", province_code="22",
                         address="Số 18 đường Hạ Long, phường Bãi Cháy, tỉnh Quảng Ninh",
                         opening_hours="07:30–17:30, thứ Hai – thứ Bảy")
    odd = PartnerFactory(slug="odd", province_code="22", address="Chợ Hạ Long 1",
                         opening_hours="Liên hệ trước khi đến")
    migration.structure_existing(apps, None)
    old.refresh_from_db(), odd.refresh_from_db()
    assert (old.address, old.ward_code, old.opening_hours) == ("Số 18 đường Hạ Long", BAI_CHAY, "")
    assert old.full_address == "Số 18 đường Hạ Long, Phường Bãi Cháy, Quảng Ninh"
    assert sorted({p.weekday for p in old.periods}) == [0, 1, 2, 3, 4, 5]
    assert (odd.address, odd.ward_code, odd.opening_hours) == (
        "Chợ Hạ Long 1", "", "Liên hệ trước khi đến")
    assert not odd.periods


def test_service_validates_ward_and_email():
    base = dict(slug="ha-long", name="Điểm bán", province_code="22", address="Số 1")
    with pytest.raises(ShowroomError, match="not a ward of 22"):
        showroom_create_or_update(**base, ward_code=HOAN_KIEM)
    with pytest.raises(ShowroomError, match="e-mail"):
        showroom_create_or_update(**base, email="không phải thư")
    assert not Partner.objects.exists()
    room = showroom_create_or_update(**base, ward_code=VAN_DON, email="A@Ocop.vn")
    assert (room.ward_name, room.email) == ("Đặc khu Vân Đồn", "a@ocop.vn")


def test_demo_showrooms_have_real_wards_and_structured_hours():
    rooms = create_showrooms(staff_password="x", step=lambda n: None)
    assert len(rooms) == len(SHOWROOMS)
    assert all(room.ward_code and room.periods for room in rooms.values())
    assert SUNDAY not in {p.weekday for p in rooms["ocop-uong-bi"].periods}
    assert all(p.overnight for p in rooms["ocop-sa-pa"].periods)
    assert {p.weekday for p in rooms["ocop-ba-be"].periods if p.opens == dt.time(13, 30)}


# --- head office's partner form ------------------------------------------------------


@pytest.fixture
def head_office(client, groups):
    user = get_user_model().objects.create_user(
        "admin", "admin@ocop.vn", "pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "name": "Điểm bán OCOP Bãi Cháy", "slug": "bai-chay", "is_showroom": "on",
        "is_active": "on", "province_code": "22", "ward_code": BAI_CHAY,
        "address": "Số 18 đường Hạ Long", "phone": "0203 3846 118", "email": "bc@ocop.vn",
        "latitude": "20.955100", "longitude": "107.048300", "opening_hours": "",
        "opening_periods-TOTAL_FORMS": "2", "opening_periods-INITIAL_FORMS": "0",
        "opening_periods-MIN_NUM_FORMS": "0", "opening_periods-MAX_NUM_FORMS": "35",
        "opening_periods-0-weekday": "0", "opening_periods-0-opens": "08:00",
        "opening_periods-0-closes": "12:00",
        "opening_periods-1-weekday": "5", "opening_periods-1-opens": "18:00",
        "opening_periods-1-closes": "02:00",
    }
    data.update(overrides)
    return data


def test_head_office_creates_a_showroom_with_hours(head_office):
    page = head_office.get("/dashboard/partners/create/").content.decode()
    assert "Giờ mở cửa theo ngày" in page and 'name="opening_periods-0-weekday"' in page
    response = head_office.post("/dashboard/partners/create/", form_data())
    assert response.status_code == 302
    room = Partner.objects.get(slug="bai-chay")
    assert room.ward_name == "Phường Bãi Cháy" and room.latitude == Decimal("20.955100")
    assert [p.label() for p in room.periods] == ["08:00–12:00", "18:00–02:00"]
    manage = head_office.get(f"/dashboard/partners/{room.pk}/").content.decode()
    assert 'value="18:00"' in manage and "Phường Bãi Cháy" in manage


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"ward_code": HOAN_KIEM}, "không thuộc tỉnh/thành đã chọn"),
        ({"province_code": "99"}, ""),
        ({"latitude": "999"}, "Vĩ độ phải nằm trong khoảng"),
        ({"latitude": "NaN"}, ""),
        ({"opening_periods-1-weekday": "0", "opening_periods-1-opens": "11:00",
          "opening_periods-1-closes": "13:00"}, "Hai khoảng giờ trùng nhau"),
        ({"opening_periods-0-closes": "08:00"}, "phải khác nhau"),
        ({"opening_periods-0-weekday": "9"}, ""),
        ({"opening_periods-0-opens": "25:99"}, ""),
        ({"opening_periods-TOTAL_FORMS": "100000"}, ""),
        ({"opening_periods-TOTAL_FORMS": "x"}, ""),
        ({"name": "\x00"}, ""),
        ({"slug": "Bãi Cháy!"}, ""),
        ({"email": "<script>"}, ""),
    ],
)
def test_hostile_partner_form_changes_nothing(head_office, overrides, reason):
    response = head_office.post("/dashboard/partners/create/", form_data(**overrides))
    assert response.status_code in (200, 400)
    if reason:
        assert reason in response.content.decode()
    assert not Partner.objects.exists() and not OpeningPeriod.objects.exists()


def test_hostile_edit_keeps_the_stored_hours(head_office):
    room = showroom_create_or_update(slug="bai-chay", name="Bãi Cháy", province_code="22",
                                     address="Số 1", periods=SHOWROOMS[0].periods)
    before = room.periods
    data = form_data(**{"opening_periods-1-weekday": "0", "opening_periods-1-opens": "11:00",
                        "opening_periods-1-closes": "13:00", "name": "Tên mới"})
    response = head_office.post(f"/dashboard/partners/{room.pk}/", data)
    assert response.status_code == 200
    room.refresh_from_db()
    assert room.name == "Bãi Cháy" and room.periods == before


def test_showroom_staff_cannot_open_the_partner_screens(client, groups):
    room = showroom_create_or_update(
        slug="bai-chay", name="Bãi Cháy", province_code="22", address="Số 1",
        staff=[StaffMember(email="lan@ocop.vn", password="pw")])
    client.force_login(room.users.get())
    for url in ("/dashboard/partners/create/", f"/dashboard/partners/{room.pk}/"):
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, form_data(name="Bị đổi")).status_code in (302, 403)
    room.refresh_from_db()
    assert room.name == "Bãi Cháy"
