"""Order statuses set by checkout (the staff pipeline builds on these)."""

PENDING_PAYMENT = "Chờ thanh toán"  # card orders until Stripe says the money is taken
PAID = "Đã thanh toán"
PREPARING = "Đang chuẩn bị"  # cash on delivery, pay at the showroom: prepared at once
ON_HOLD = "Tạm giữ"  # amount mismatch or a line that may no longer be sold
CANCELLED = "Đã huỷ"
