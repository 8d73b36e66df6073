"""One Elasticsearch client per process, short timeouts and no retries: a
slow or failing cluster makes search fall back to the database quickly."""

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch


def get_client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT))


@lru_cache(maxsize=4)
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)
