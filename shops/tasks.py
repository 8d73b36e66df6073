"""Celery tasks of the showrooms. Thin: the work lives in ``notices.py``."""

from celery import shared_task

from .notices import notify_showrooms_of_unsellable


@shared_task(name="shops.tasks.notify_showrooms_of_unsellable")
def notify_showrooms_of_unsellable_task(product_ids: list[int]) -> int:
    """Tell staff holding stock of products taken off sale; returns notices sent."""
    return notify_showrooms_of_unsellable(product_ids=product_ids)


@shared_task(name="shops.tasks.expire_reservations")
def expire_reservations_task() -> int:
    """Give back the units of reservations whose time has passed; returns how many."""
    from .reservations import expire_reservations

    return expire_reservations()
