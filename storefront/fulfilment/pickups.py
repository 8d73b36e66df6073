"""Click & collect orders not collected in time are released: their units go back to
free stock, money taken by card is refunded, the shopper is told."""

import logging

from django.utils.translation import gettext as _

from storefront.checkout import statuses as s

from . import notices
from .cancellation import cancel_lines
from .moves import FulfilmentError
from .order_status import line_status
from .selectors import collect_days, pickup_orders, release_cutoff, with_ready_at

logger = logging.getLogger("storefront.fulfilment")
BATCH = 200


def uncollected_orders(now=None):
    """Orders waiting at a showroom whose last day to collect has passed."""
    return (with_ready_at(pickup_orders(None).filter(status=s.AWAITING_PICKUP))
            .filter(ready_at__lt=release_cutoff(now)))


def release_uncollected_pickups(now=None) -> int:
    """Cancel the waiting lines of every such order (batches, oldest first); returns
    how many orders were released. Run twice, it releases nothing more."""
    released, after = 0, 0
    reason = _("Khách không đến nhận hàng trong %(days)s ngày: đơn được huỷ, hàng trả lại "
               "kệ.") % {"days": collect_days()}
    while True:
        batch = list(uncollected_orders(now).filter(pk__gt=after).order_by("pk")[:BATCH])
        if not batch:
            return released
        for order in batch:
            after = order.pk
            waiting = [line for line in order.lines.all()
                       if line_status(line.status) == s.LINE_READY]
            if not waiting:
                continue
            try:
                outcome = cancel_lines(order, waiting, reason=reason)
            except FulfilmentError:  # collected or moved meanwhile
                logger.info("Pickup order %s moved while being released", order.number)
                continue
            if outcome.moved:
                released += 1
                notices.tell_uncollected(order, outcome)
