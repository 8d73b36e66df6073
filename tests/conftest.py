import pytest

from catalogue.services import ensure_group_categories
from storefront.celery import app as celery_app


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in-process unless a test starts a real worker (and says so)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def groups(db):
    """code -> Category for the six OCOP groups."""
    return ensure_group_categories()
