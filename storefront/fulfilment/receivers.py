"""What fulfilment does when the catalogue announces a change (connected in
``FulfilmentConfig.ready``). Receivers only queue a task: the catalogue's rule
already keeps the product off sale, and handover checks it again."""

from catalogue import signals

HOLDING_REASONS = (signals.REVOKED, signals.SUSPENDED)


def queue_revocation_holds(sender, *, product_id, reason, **kwargs) -> None:
    """``certificate_changed``: a revoked or suspended certificate holds at once every
    unfulfilled line of its product that may no longer be sold."""
    if reason not in HOLDING_REASONS:
        return
    from .tasks import hold_unsellable_lines_task

    # Sent after the change committed: queue now (a broker failure is logged by the
    # catalogue; the handover check still refuses the lines).
    hold_unsellable_lines_task.delay([product_id])
