"""What recalls do when the catalogue announces a change (connected in
``RecallsConfig.ready``): a revocation queues the buyers' notices. An expiry, a
suspension or a change of stars sends none."""

from catalogue.signals import REVOKED


def queue_recall_notices(sender, reason=None, certificate_no=None, **kwargs) -> None:
    """``certificate_changed``: the signal comes after commit, so queue now. The task
    sends each buyer one notice per certificate, so a repeated signal is harmless."""
    if reason != REVOKED or not certificate_no:
        return
    from .tasks import send_recall_notices_task

    send_recall_notices_task.delay(certificate_no)
