"""Scheduled publishing: pages whose go-live or expiry time has come."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.publish_scheduled")
def publish_scheduled() -> None:
    # Wagtail's own command: publishes revisions whose go-live time passed and
    # unpublishes pages whose expiry time passed.
    call_command("publish_scheduled", verbosity=0)
