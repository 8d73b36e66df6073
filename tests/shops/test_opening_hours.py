"""Opening hours in Asia/Ho_Chi_Minh: closed days, past midnight, "open now"."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shops.hours import Period, is_open_at, next_change, overlaps, parse_hours
from shops.selectors import showrooms
from shops.services import ShowroomError, showroom_set_hours
from tests.factories import PartnerFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
T = dt.time


def at(day, hour, minute=0):
    # 2026-11-23 is a Monday.
    return dt.datetime(2026, 11, 23 + day, hour, minute, tzinfo=VN)


OFFICE = [Period(d, T(7, 30), T(17, 30)) for d in range(6)]  # closed on Sunday
NIGHT = [Period(d, T(18), T(2)) for d in range(7)]  # 18:00–02:00 every day


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(5, 17, 29), True),  # Saturday
        (at(5, 17, 30), False),
        (at(6, 10), False),  # Sunday: closed all day
        (at(0, 7, 29), False),
        (at(0, 7, 30), True),
    ],
)
def test_closed_on_sunday(moment, expected):
    assert is_open_at(OFFICE, moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(0, 17, 59), False),
        (at(0, 18), True),
        (at(0, 23, 59), True),
        (at(1, 0, 0), True),  # Tuesday 00:00, still Monday's period
        (at(1, 1, 59), True),
        (at(1, 2, 0), False),
        (at(0, 1, 0), True),  # Monday 01:00 comes from Sunday night, around the week
    ],
)
def test_open_past_midnight(moment, expected):
    assert is_open_at(NIGHT, moment) is expected


def test_moment_in_another_time_zone_is_read_in_vietnam():
    utc = dt.datetime(2026, 11, 23, 10, 29, tzinfo=dt.UTC)  # 17:29 in Hà Nội
    assert is_open_at(OFFICE, utc) and not is_open_at(OFFICE, utc + dt.timedelta(minutes=1))


def test_next_change_says_when_it_opens_or_closes():
    assert next_change(OFFICE, at(5, 18)) == at(0 + 7, 7, 30)  # Saturday evening -> Monday
    assert next_change(OFFICE, at(2, 9)) == at(2, 17, 30)
    assert next_change(NIGHT, at(1, 1)) == at(1, 2)
    assert next_change([], at(1, 1)) is None


def test_overlaps_are_found_across_midnight_and_the_week():
    assert overlaps(OFFICE) is None and overlaps(NIGHT) is None
    assert overlaps([Period(0, T(8), T(12)), Period(0, T(11), T(14))])
    assert overlaps([Period(0, T(20), T(3)), Period(1, T(2), T(9))])
    assert overlaps([Period(6, T(20), T(3)), Period(0, T(1), T(9))])


def test_parse_free_text():
    assert parse_hours("07:30–17:30, thứ Hai – thứ Bảy") == OFFICE
    assert len(parse_hours("08:00–21:00 hằng ngày")) == 7
    assert parse_hours("Liên hệ trước") is None


@pytest.mark.django_db
def test_open_now_filter_in_sql_across_the_boundary(groups):
    office = PartnerFactory(slug="office")
    night = PartnerFactory(slug="night")
    showroom_set_hours(partner=office, periods=OFFICE)
    showroom_set_hours(partner=night, periods=NIGHT)
    PartnerFactory(slug="no-hours")

    def open_slugs(moment):
        return {s.slug for s in showrooms(open_at=moment)}

    assert open_slugs(at(6, 1, 59)) == {"night"}  # Sunday 01:59 (Saturday's night)
    assert open_slugs(at(6, 2, 0)) == set()  # Sunday 02:00: office closed on Sunday
    assert open_slugs(at(0, 7, 29)) == set()
    assert open_slugs(at(0, 7, 30)) == {"office"}
    assert open_slugs(at(0, 17, 29)) == {"office"}
    assert open_slugs(at(0, 17, 30)) == set()
    assert open_slugs(at(0, 18, 0)) == {"night"}


@pytest.mark.django_db
def test_locator_open_now_with_frozen_time(client, groups):
    night = PartnerFactory(slug="night", name="Chợ đêm Sa Pa")
    showroom_set_hours(partner=night, periods=NIGHT)
    with time_machine.travel(at(1, 1, 59), tick=False):
        html = client.get("/showrooms/", {"open": "1"}).content.decode()
        assert "Chợ đêm Sa Pa" in html and "Đang mở cửa" in html
    with time_machine.travel(at(1, 2, 0), tick=False):
        html = client.get("/showrooms/", {"open": "1"}).content.decode()
        assert "Không có điểm bán nào đang mở cửa lúc này." in html
        html = client.get("/showrooms/night/").content.decode()
        assert "Đã đóng cửa" in html and "mở cửa lúc 18:00 hôm nay" in html


@pytest.mark.django_db
def test_overlapping_hours_are_refused(groups):
    partner = PartnerFactory()
    with pytest.raises(ShowroomError, match="overlaps"):
        showroom_set_hours(
            partner=partner, periods=[Period(0, T(8), T(12)), Period(0, T(9), T(10))]
        )
    assert not partner.opening_periods.exists()
