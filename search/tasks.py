from celery import shared_task
from elasticsearch import ApiError, TransportError


@shared_task(autoretry_for=(ApiError, TransportError), retry_backoff=True, max_retries=5)
def reindex_products_task(product_ids: list[int]) -> int:
    """Write the current documents of these products (Elasticsearch only)."""
    from .indexing import update_products

    return update_products(product_ids)
