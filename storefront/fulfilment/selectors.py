"""Reads for the staff order screens: the pickup queue of a showroom."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.validity import OCOP_TZ, local_today
from shops import scoping
from storefront.checkout import statuses as s
from storefront.shipping.methods import PICKUP_PREFIX, pickup_partner_id

from .moves import EVENT_READY

Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")
ShippingEvent = get_model("order", "ShippingEvent")

WAITING = (s.PAID, s.PREPARING, s.AWAITING_PICKUP, s.ON_HOLD)


def collect_days() -> int:
    return max(int(settings.OCOP_PICKUP_COLLECT_DAYS), 1)


def last_collect_day(ready_at: dt.datetime) -> dt.date:
    """The shopper may collect until the end of this local day (N days after the day
    the order was ready); from the next local midnight it is released."""
    return timezone.localtime(ready_at, OCOP_TZ).date() + dt.timedelta(days=collect_days())


def release_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Orders ready before this moment are past their last collection day."""
    first_day_kept = local_today(now) - dt.timedelta(days=collect_days())
    return dt.datetime.combine(first_day_kept, dt.time.min, tzinfo=OCOP_TZ)


def with_ready_at(orders):
    ready = (ShippingEvent.objects.filter(order_id=OuterRef("pk"),
                                          event_type__code=EVENT_READY[0])
             .order_by().values("order_id").annotate(at=Max("date_created")).values("at")[:1])
    return orders.annotate(ready_at=Subquery(ready))


def pickup_orders(user):
    """Click & collect orders of the user's showrooms (every showroom for head office;
    ``None``: every showroom, for tasks)."""
    orders = Order.objects.filter(shipping_code__startswith=PICKUP_PREFIX)
    if user is not None and not scoping.is_head_office(user):
        codes = [f"{PICKUP_PREFIX}{pk}" for pk in
                 scoping.staff_showrooms(user).values_list("pk", flat=True)]
        orders = orders.filter(shipping_code__in=codes)
    return orders


@dataclass(frozen=True)
class Waiting:
    order: object
    showroom: object
    ready_at: dt.datetime | None
    waited: dt.timedelta
    last_day: dt.date | None
    overdue: bool


def pickup_queue(user, *, now: dt.datetime | None = None, limit: int = 200) -> list[Waiting]:
    """Orders waiting at the user's showrooms, longest waiting first: since when they
    are ready (or placed, while not ready yet), and whether the last day to collect
    has passed. A fixed number of queries whatever the number of orders."""
    now = now or timezone.now()
    orders = list(
        with_ready_at(pickup_orders(user).filter(status__in=WAITING))
        .select_related("shipping_address").order_by("date_placed", "pk")[:limit])
    showrooms = Partner.objects.in_bulk({pickup_partner_id(o.shipping_code) for o in orders})
    today = local_today(now)
    queue = []
    for order in orders:
        last_day = last_collect_day(order.ready_at) if order.ready_at else None
        queue.append(Waiting(
            order=order, showroom=showrooms.get(pickup_partner_id(order.shipping_code)),
            ready_at=order.ready_at, waited=now - (order.ready_at or order.date_placed),
            last_day=last_day, overdue=bool(last_day and today > last_day)))
    queue.sort(key=lambda w: (not w.overdue, -w.waited))
    return queue


def is_pickup(order) -> bool:
    return pickup_partner_id(order.shipping_code) is not None
