"""The visit date Option: asked when an experience is added, validated against the
local date (frozen time on both sides of midnight in Asia/Ho_Chi_Minh), kept on the
basket line and copied to the order line."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue.product_classes import VISIT_DATE_OPTION_CODE
from catalogue.validity import OCOP_TZ
from storefront.tourism.visit_dates import MAX_DAYS_AHEAD, visit_date_problem

from .conftest import add_experience, day

Basket = get_model("basket", "Basket")
Option = get_model("catalogue", "Option")

# 23:59:59 on 1 Dec and 00:00:00 on 2 Dec, Vietnam time (16:59:59 / 17:00:00 UTC).
BEFORE_MIDNIGHT = dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=OCOP_TZ)
AFTER_MIDNIGHT = dt.datetime(2026, 12, 2, 0, 0, 0, tzinfo=OCOP_TZ)


def test_the_experiences_class_requires_the_option(experience):
    option = experience.get_product_class().options.get()
    assert option.code == VISIT_DATE_OPTION_CODE and option.required and option.type == "date"
    assert str(option.name) == "Ngày tham quan"


def test_migration_created_the_option(db):
    assert Option.objects.filter(code=VISIT_DATE_OPTION_CODE, required=True).exists()


@pytest.mark.parametrize(("now", "visit", "ok"), [
    (BEFORE_MIDNIGHT, dt.date(2026, 12, 1), True),  # today, one second before midnight
    (AFTER_MIDNIGHT, dt.date(2026, 12, 1), False),  # yesterday now
    (AFTER_MIDNIGHT, dt.date(2026, 12, 2), True),
    (BEFORE_MIDNIGHT, dt.date(2026, 12, 1) + dt.timedelta(days=MAX_DAYS_AHEAD), True),
    (BEFORE_MIDNIGHT, dt.date(2026, 12, 2) + dt.timedelta(days=MAX_DAYS_AHEAD), False),
    (AFTER_MIDNIGHT, dt.date(2026, 12, 2) + dt.timedelta(days=MAX_DAYS_AHEAD), True),
])
def test_visit_date_rule_at_local_midnight(now, visit, ok):
    with time_machine.travel(now, tick=False):
        assert (visit_date_problem(visit) is None) is ok


def test_adding_without_a_date_is_refused_with_a_reason(client, experience):
    response = client.post(reverse("basket:add", args=[experience.pk]), {"quantity": 1},
                           follow=True)
    assert "Vui lòng chọn ngày tham quan" in response.content.decode()
    assert not Basket.objects.filter(lines__isnull=False).exists()


@pytest.mark.parametrize("visit", ["2026-11-30", "2027-12-02", "31/02/2027", "ngày mai"])
def test_bad_dates_are_refused_and_change_nothing(client, experience, visit):
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False):
        response = add_experience(client, experience, visit=visit)
        page = client.get(response["Location"]).content.decode()
    assert not Basket.objects.filter(lines__isnull=False).exists()
    assert ("đã qua" in page or "tối đa 365 ngày" in page or "không hợp lệ" in page), page[:500]


def test_a_good_date_is_kept_on_the_basket_line(client, experience):
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False):
        add_experience(client, experience, visit="01/12/2026")  # today, typed the Vietnamese way
    line = Basket.objects.get().lines.get()
    attribute = line.attributes.get()
    assert attribute.option.code == VISIT_DATE_OPTION_CODE and attribute.value == "2026-12-01"


def test_two_dates_are_two_lines(client, experience):
    add_experience(client, experience, visit=day(5))
    add_experience(client, experience, visit=day(6))
    assert Basket.objects.get().lines.count() == 2


def test_product_page_asks_the_date_with_a_bounded_calendar(client, experience):
    with time_machine.travel(BEFORE_MIDNIGHT, tick=False):
        html = client.get(experience.get_absolute_url()).content.decode()
    assert 'type="date"' in html and 'min="2026-12-01"' in html and 'max="2027-12-01"' in html
    assert "Ngày tham quan" in html


def test_goods_are_not_asked_a_date(client, goods):
    html = client.get(goods.get_absolute_url()).content.decode()
    assert "Ngày tham quan" not in html
