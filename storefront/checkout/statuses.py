"""Order and line statuses: the pipelines Oscar enforces (``OSCAR_ORDER_STATUS_PIPELINE``,
``OSCAR_LINE_STATUS_PIPELINE``).

Stored as the Vietnamese label (Vietnamese first); ``gettext_noop`` marks them so
that the ``status_label`` template filter (``storefront.fulfilment``) shows them in
English when the language is English. Lines move through their own pipeline (each
showroom moves its own lines) and the order's status follows its lines:
``storefront.fulfilment.order_status.decide_order_status`` is the one rule.
"""


def _(message: str) -> str:
    """Marks a label for translation (``makemessages`` reads ``_()``) and returns it
    unchanged, like ``gettext_noop``. Not imported from Django: the settings import
    this module, and importing ``django.utils.translation`` while the settings load
    let a refused production configuration through on the second read."""
    return message


# --- orders -----------------------------------------------------------------------------
PENDING_PAYMENT = _("Chờ thanh toán")  # card orders until Stripe says the money is taken
PAID = _("Đã thanh toán")
PREPARING = _("Đang chuẩn bị")  # cash on delivery, pay at the showroom: prepared at once
SHIPPING = _("Đang giao")
AWAITING_PICKUP = _("Chờ nhận tại điểm bán")
COMPLETED = _("Hoàn tất")
ON_HOLD = _("Tạm giữ")  # amount mismatch or a line that may no longer be sold
CANCELLED = _("Đã huỷ")
REFUNDED = _("Đã hoàn tiền")

# Every move the lines can cause (a held line released may send the order back to
# where its lines are), plus payment's own moves (paid, held, refunded).
_MOVING = (PREPARING, SHIPPING, AWAITING_PICKUP, COMPLETED)
ORDER_PIPELINE = {
    PENDING_PAYMENT: (PAID, ON_HOLD, CANCELLED),
    PAID: (*_MOVING, ON_HOLD, CANCELLED, REFUNDED),
    PREPARING: (SHIPPING, AWAITING_PICKUP, COMPLETED, ON_HOLD, CANCELLED, REFUNDED),
    SHIPPING: (PREPARING, COMPLETED, ON_HOLD, CANCELLED, REFUNDED),
    AWAITING_PICKUP: (PREPARING, COMPLETED, ON_HOLD, CANCELLED, REFUNDED),
    ON_HOLD: (PENDING_PAYMENT, PAID, *_MOVING, CANCELLED, REFUNDED),
    COMPLETED: (REFUNDED,),
    CANCELLED: (),
    REFUNDED: (),
}

# --- lines (each line is moved by the showroom whose stock record fulfils it) ------------
LINE_NEW = _("Chờ xử lý")
LINE_PREPARING = PREPARING
LINE_SHIPPED = SHIPPING  # handed to the carrier
LINE_DELIVERED = _("Đã giao")  # the carrier delivered it (cash collected for COD)
LINE_READY = _("Chờ khách nhận")  # click & collect: waiting on the showroom's shelf
LINE_COLLECTED = _("Khách đã nhận")
LINE_HELD = ON_HOLD  # may no longer be sold (certificate) or held by staff, with a reason
LINE_CANCELLED = CANCELLED

LINE_PIPELINE = {
    LINE_NEW: (LINE_PREPARING, LINE_SHIPPED, LINE_READY, LINE_COLLECTED, LINE_HELD,
               LINE_CANCELLED),
    LINE_PREPARING: (LINE_SHIPPED, LINE_READY, LINE_COLLECTED, LINE_HELD, LINE_CANCELLED),
    LINE_READY: (LINE_COLLECTED, LINE_HELD, LINE_CANCELLED),
    LINE_SHIPPED: (LINE_DELIVERED,),
    LINE_HELD: (LINE_NEW, LINE_PREPARING, LINE_READY, LINE_CANCELLED),
    LINE_DELIVERED: (),
    LINE_COLLECTED: (),
    LINE_CANCELLED: (),
}
# Units still at the showroom (reserved, not handed over) and not cancelled.
LINE_UNFULFILLED = (LINE_NEW, LINE_PREPARING, LINE_READY, LINE_HELD)
LINE_HANDED_OVER = (LINE_SHIPPED, LINE_DELIVERED, LINE_COLLECTED)
