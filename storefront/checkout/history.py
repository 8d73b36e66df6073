"""An order's status set where Oscar's pipeline has no step for it (a dispute holds any
open order, a failed refund leads out of REFUNDED, statuses from before the pipeline),
with the change recorded as Oscar's ``set_status`` records it, and an optional note."""

from oscar.core.loading import get_model

OrderNote = get_model("order", "OrderNote")
OrderStatusChange = get_model("order", "OrderStatusChange")


def set_status(order, status: str, note: str = "") -> None:
    old = order.status
    if old != status:
        order.status = status
        order.save(update_fields=["status"])
        OrderStatusChange.objects.create(order=order, old_status=old, new_status=status)
    if note:
        OrderNote.objects.create(order=order, note_type="System", message=note)
