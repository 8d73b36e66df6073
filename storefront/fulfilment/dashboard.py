"""What the staff order screens offer: the actions each line can take now, and the
form posts that call the fulfilment services."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from storefront.checkout import statuses as s

from .order_status import line_status, payment_method
from .selectors import is_pickup


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    needs_reason: bool = False
    style: str = "secondary"


ACTIONS = {
    a.code: a
    for a in (
        Action("start_preparing", _("Bắt đầu chuẩn bị")),
        Action("ready_for_pickup", _("Đã sẵn sàng để khách nhận"), style="primary"),
        Action("collect", _("Khách đã nhận"), style="success"),
        Action("ship", _("Giao cho đơn vị vận chuyển"), style="primary"),
        Action("record_cash", _("Đã nhận tiền COD"), style="success"),
        Action("deliver", _("Đã giao cho khách"), style="success"),
        Action("hold", _("Tạm giữ"), needs_reason=True, style="warning"),
        Action("release_hold", _("Bỏ tạm giữ")),
        Action("cancel_lines", _("Huỷ"), needs_reason=True, style="danger"),
    )
}


def line_actions(order, line) -> list[Action]:
    """What staff may do with this line now (the services refuse anything else)."""
    if order.status in (s.CANCELLED, s.REFUNDED):
        return []
    current = line_status(line.status)
    if order.status == s.PENDING_PAYMENT:
        return [ACTIONS["cancel_lines"]] if current != s.LINE_CANCELLED else []
    pickup = is_pickup(order)
    codes = {
        s.LINE_NEW: ["start_preparing", *(("ready_for_pickup", "collect") if pickup
                                          else ("ship",)), "hold", "cancel_lines"],
        s.LINE_PREPARING: [*(("ready_for_pickup", "collect") if pickup else ("ship",)),
                           "hold", "cancel_lines"],
        s.LINE_READY: ["collect", "hold", "cancel_lines"],
        s.LINE_SHIPPED: ["record_cash" if payment_method(order) == "cod" else "deliver"],
        s.LINE_HELD: ["release_hold", "cancel_lines"],
    }.get(current, [])
    return [ACTIONS[code] for code in codes]


def bulk_actions(order, lines) -> list[Action]:
    """Actions offered for all the user's lines at once: any that some line can take."""
    seen = []
    for line in lines:
        for action in line_actions(order, line):
            if action not in seen:
                seen.append(action)
    return sorted(seen, key=list(ACTIONS.values()).index)
