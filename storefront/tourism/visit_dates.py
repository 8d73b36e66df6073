"""The visit date of an experience: Oscar's product Option "Ngày tham quan".

Asked when an experience is added to the basket, kept by Oscar on the basket
line's attributes and copied to the order line's attributes at placement. A
visit date is valid from today (Asia/Ho_Chi_Minh) to ``MAX_DAYS_AHEAD`` days
ahead; the add-to-basket form, the checkout pages and placement all apply the
same rule, so a basket left open past the visit date cannot be ordered.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.product_classes import VISIT_DATE_OPTION_CODE
from catalogue.validity import local_today

MAX_DAYS_AHEAD = 365


def latest_visit_date(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=MAX_DAYS_AHEAD)


def visit_date_problem(value, today: dt.date | None = None) -> str | None:
    """Why ``value`` cannot be a visit date (Vietnamese, for the shopper), or ``None``."""
    today = today or local_today()
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return _("Vui lòng chọn ngày tham quan.")
    if value < today:
        return _("Ngày tham quan %(date)s đã qua; vui lòng chọn từ hôm nay (%(today)s) trở đi.") % {
            "date": date_format(value, "d/m/Y"), "today": date_format(today, "d/m/Y")}
    if value > latest_visit_date(today):
        return _("Chỉ đặt trước được tối đa %(days)s ngày, tức là đến %(last)s.") % {
            "days": MAX_DAYS_AHEAD, "last": date_format(latest_visit_date(today), "d/m/Y")}
    return None


def parse_stored(value) -> dt.date | None:
    """A line attribute's value (JSON: ``"2026-12-01"``) as a date."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def visit_dates_of(lines) -> dict[int, dt.date | None]:
    """line pk -> its visit date (or ``None``), for basket or order lines whose
    ``attributes`` are prefetched: one query for the option, none per line."""
    from catalogue.models import Option

    option_id = Option.objects.filter(code=VISIT_DATE_OPTION_CODE).values_list(
        "pk", flat=True).first()
    found = {}
    for line in lines:
        found[line.pk] = next((parse_stored(a.value) for a in line.attributes.all()
                               if option_id is not None and a.option_id == option_id), None)
    return found


class VisitDateField(forms.DateField):
    """A date input (the browser's calendar, bounded to the allowed range) with the rule."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Ngày tham quan"))
        kwargs.setdefault("help_text", gettext_lazy(
            "Ngày bạn đến trải nghiệm. Phiếu chỉ dùng được đúng ngày này."))
        kwargs.setdefault("error_messages", {
            "required": gettext_lazy("Vui lòng chọn ngày tham quan."),
            "invalid": gettext_lazy("Ngày tham quan không hợp lệ (ngày/tháng/năm)."),
        })
        today = local_today()
        kwargs.setdefault("widget", forms.DateInput(attrs={
            "type": "date", "min": today.isoformat(),
            "max": latest_visit_date(today).isoformat()}, format="%Y-%m-%d"))
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        problem = visit_date_problem(value)
        if problem:
            raise ValidationError(problem, code="visit_date")


def visit_date_field_factory(original):
    """Oscar's factory for date options, replaced for the visit date only."""

    def factory(form, product, option):
        if option.code == VISIT_DATE_OPTION_CODE:
            return VisitDateField(required=option.required)
        return original(form, product, option)

    return factory
