"""Order statuses: the pipeline Oscar enforces (``OSCAR_ORDER_STATUS_PIPELINE``).

Stored as the Vietnamese label (Vietnamese first); ``storefront.fulfilment``
refines the pipeline and the per-line statuses staff move.
"""

PENDING_PAYMENT = "Chờ thanh toán"  # card orders until Stripe says the money is taken
PAID = "Đã thanh toán"
PREPARING = "Đang chuẩn bị"  # cash on delivery, pay at the showroom: prepared at once
SHIPPING = "Đang giao"
AWAITING_PICKUP = "Chờ nhận tại điểm bán"
COMPLETED = "Hoàn tất"
ON_HOLD = "Tạm giữ"  # amount mismatch or a line that may no longer be sold
CANCELLED = "Đã huỷ"
REFUNDED = "Đã hoàn tiền"

ORDER_PIPELINE = {
    PENDING_PAYMENT: (PAID, ON_HOLD, CANCELLED),
    PAID: (PREPARING, ON_HOLD, CANCELLED, REFUNDED),
    PREPARING: (SHIPPING, AWAITING_PICKUP, ON_HOLD, CANCELLED, REFUNDED),
    SHIPPING: (COMPLETED, ON_HOLD, CANCELLED, REFUNDED),
    AWAITING_PICKUP: (COMPLETED, ON_HOLD, CANCELLED, REFUNDED),
    ON_HOLD: (PAID, PREPARING, CANCELLED, REFUNDED),
    COMPLETED: (REFUNDED,),
    CANCELLED: (),
    REFUNDED: (),
}
