"""Celery tasks of fulfilment. Thin: the work lives in ``revocations.py`` and
``pickups.py``."""

from celery import shared_task


@shared_task(name="storefront.fulfilment.tasks.hold_unsellable_lines")
def hold_unsellable_lines_task(product_ids: list[int]) -> int:
    """Hold the unfulfilled lines of products that may no longer be sold."""
    from .revocations import hold_unsellable_lines

    return hold_unsellable_lines(product_ids)


@shared_task(name="storefront.fulfilment.tasks.release_uncollected_pickups")
def release_uncollected_pickups() -> int:
    """Cancel click & collect orders not collected in time; returns how many."""
    from .pickups import release_uncollected_pickups as release

    return release()
