"""What showrooms do when the catalogue announces a change (connected in
``PartnerConfig.ready``). Receivers only queue tasks: the catalogue's rule
already keeps the products off sale, whether or not the task ever runs."""


def queue_showroom_notices(sender, changes, **kwargs) -> None:
    """``sellability_changed``: staff holding stock of products that stopped
    being sellable are told to take them off the shelf."""
    from .tasks import notify_showrooms_of_unsellable_task

    off_sale = sorted({change.product_id for change in changes if not change.sellable})
    if not off_sale:
        return
    # The signal is sent after commit: queue now. If the broker is down the
    # catalogue logs the failure; the change has committed all the same.
    notify_showrooms_of_unsellable_task.delay(off_sale)
