"""Fixtures shared by the catalogue's tests (the registry ones and the signals)."""

import pytest

from tests.registry_server import RegistryServer

TOKEN = "registry-test-token"


@pytest.fixture
def registry(settings):
    """A running registry server the feed settings point at (fast retries)."""
    with RegistryServer(token=TOKEN) as server:
        settings.OCOP_REGISTRY_URL = server.url
        settings.OCOP_REGISTRY_TOKEN = TOKEN
        settings.OCOP_REGISTRY_PAGE_SIZE = 100
        settings.OCOP_REGISTRY_TIMEOUT = 5
        settings.OCOP_REGISTRY_MAX_RETRIES = 2
        settings.OCOP_REGISTRY_RETRY_BASE_DELAY = 0.01
        yield server
