"""Two recall runs for one certificate at the same moment (PostgreSQL; skipped on
SQLite, CI runs it): each buyer gets one e-mail."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from catalogue.models import Certificate
from storefront.recalls.models import RecallNotice
from storefront.recalls.services import send_recall_notices
from tests.factories import CertificateFactory

from .support import bought

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_runs_at_once_send_one_email_per_buyer(groups):
    certificate = CertificateFactory(status=Certificate.Status.REVOKED,
                                     revoked_on=timezone.localdate())
    for n in range(12):
        bought(certificate.product, f"khach{n}@example.vn", placed=timezone.now())
    barrier = threading.Barrier(2)
    counts = []

    def run():
        from django.db import connections

        barrier.wait()
        try:
            counts.append(send_recall_notices(certificate_no=certificate.certificate_no,
                                              batch_size=5))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    recipients = sorted(m.to[0] for m in mail.outbox if "thu hồi" in m.subject)
    assert recipients == sorted(f"khach{n}@example.vn" for n in range(12))
    assert sum(counts) == 12
    assert RecallNotice.objects.filter(sent_at__isnull=False).count() == 12
