"""Search tests: a small catalogue shared by the contract suite, and the
backends it runs against (the database here; Elasticsearch is added by
``elastic`` fixtures below when a server can be started)."""

import datetime as dt
from decimal import Decimal

import pytest

from catalogue.models import Certificate, Producer
from catalogue.validity import local_today
from tests.factories import CertificateFactory, PartnerFactory, ProducerFactory, ProductFactory


def make(title, *, stars=4, province="22", group="food", price="125000", kind="cooperative",
         producer="", showroom=None, stock=20, status="active", issued_on=None, expires_on=None):
    producer_obj = ProducerFactory(kind=kind, **({"name": producer} if producer else {}))
    stock_kwargs = {"price": Decimal(price), "num_in_stock": stock}
    if showroom is not None:
        stock_kwargs["partner"] = showroom
    product = ProductFactory(title=title, province_code=province, group=group,
                             producer=producer_obj, stock=stock_kwargs)
    issued = issued_on or local_today() - dt.timedelta(days=365)
    CertificateFactory(
        product=product, stars=stars, status=status,
        level=Certificate.Level.NATIONAL if stars == 5 else Certificate.Level.PROVINCIAL,
        issued_on=issued, expires_on=expires_on or issued + dt.timedelta(days=3 * 365),
    )
    return product


@pytest.fixture
def shelf(groups):
    """About twenty products covering every ranking case and filter."""
    today = local_today()
    hoa_binh = PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh",
                              province_code="25")
    ha_long = PartnerFactory(name="Điểm bán OCOP Hạ Long", slug="ocop-ha-long",
                             province_code="22")
    items = {
        "buoi": make("Bưởi đỏ Tân Lạc", stars=5, province="25", price="150000",
                     showroom=hoa_binh),
        "buoi_say": make("Buội rừng sấy", stars=3, province="25", price="90000",
                         kind="household", showroom=hoa_binh),
        "buoi_banh": make("Bánh bượi lá gai", stars=3, province="37", price="60000",
                          showroom=ha_long, stock=0),
        "tra": make("Trà hoa vàng", stars=4, group="beverage", price="450000",
                    kind="company", showroom=ha_long),
        "che_tan_cuong": make("Chè Tân Cương", stars=4, province="19", group="beverage",
                              price="250000"),
        "che_shan": make("Chè shan tuyết cổ thụ", stars=3, province="08", group="beverage",
                         price="320000"),
        "siro": make("Siro mơ", stars=3, province="25", producer="HTX Chế biến nông sản Mai Châu"),
        "mam": make("Nước mắm sá sùng", stars=4, producer="Công ty Chế biến hải sản Vân Đồn",
                    kind="company", price="1200000"),
        "banh_chung": make("Bánh chưng Bờ Đậu", stars=3, province="19",
                           producer="Tổ hợp tác Chẽ", kind="cooperative_group"),
        "dac_san": make("Đặc sản mắm tôm Đầm Hà", stars=3),
        "ca_phe": make("Cà phê Robusta Đắk Hà", stars=4, province="66", group="beverage"),
        "homestay": make("Homestay Bản Lác", stars=3, province="25", group="tourism_service",
                         price="800000"),
        "ha_thu_o": make("Hà thủ ô đỏ", stars=4, province="08", group="herbal"),
        "gio": make("Giò lụa Ước Lễ", stars=3, province="01"),
        "ga": make("Gà đồi Tiên Yên", stars=5),
        # Never shown: an expired, a revoked and a not-yet-valid certificate.
        "expired": make("Bưởi Diễn đã hết hạn", stars=5, province="01",
                        issued_on=today - dt.timedelta(days=1100),
                        expires_on=today - dt.timedelta(days=1)),
        "revoked": make("Bưởi Phúc Trạch bị thu hồi", stars=4, status="revoked"),
        "future": make("Bưởi Năm Roi chưa hiệu lực", stars=4,
                       issued_on=today + dt.timedelta(days=1)),
    }
    items["showrooms"] = {"hoa_binh": hoa_binh, "ha_long": ha_long}
    return items


@pytest.fixture
def kinds():
    return Producer.Kind


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """PostgreSQL's search objects (migrations 0001, 0004, 0005), also under --nomigrations."""
    from importlib import import_module

    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            for name in ("0001_database_search", "0004_description_search",
                         "0005_stored_document"):
                migration = import_module(f"search.migrations.{name}")
                with connection.schema_editor() as editor:
                    migration.forward(None, editor)


# --- Elasticsearch ------------------------------------------------------------
# A genuine Elasticsearch is used when ELASTICSEARCH_URL is set; otherwise the
# session starts noida-db (an Elasticsearch 8 HTTP API stand-in) on a free port.


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def elasticsearch_url(tmp_path_factory):
    import os
    import shutil
    import subprocess
    import time
    import urllib.request

    configured = os.environ.get("ELASTICSEARCH_URL")
    if configured:
        yield configured
        return
    if shutil.which("noida-db") is None:
        pytest.fail("noida-db is not installed (requirements.txt pins it)")
    port = _free_port()
    data = tmp_path_factory.mktemp("noida")
    # Its own session: "noida-db" may be a wrapper (pyenv shim, Python entry
    # point) whose child is the server, so the whole group is stopped at the end.
    process = subprocess.Popen(
        ["noida-db", "start", "--only", "elasticsearch", "--elasticsearch-port", str(port),
         "--data-dir", str(data)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=0.5).read()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail("noida-db exited at start")
            time.sleep(0.05)
    else:
        _stop(process)
        pytest.fail("noida-db did not answer")
    yield url
    _stop(process)


def _stop(process) -> None:
    import os
    import signal
    import subprocess

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def elastic(settings, elasticsearch_url, request):
    """Search configured for Elasticsearch with an index prefix of this test's
    own; the index is dropped afterwards."""
    import re

    from search.backends.client import get_client

    settings.ELASTICSEARCH_URL = elasticsearch_url
    own = re.sub(r"[^a-z0-9]", "", request.node.name.lower())[-40:]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"t{own}"
    yield get_client()
    client = get_client()
    for name in client.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*",
                                   ignore_unavailable=True, allow_no_indices=True):
        client.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def elastic_backend(elastic, shelf):
    from search.backends.elastic import ElasticsearchBackend
    from search.indexing import rebuild

    rebuild()
    return ElasticsearchBackend()
