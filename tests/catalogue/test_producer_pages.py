"""Producer pages: slugs, only sellable products, expiry at local midnight."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalogue.models import Producer
from catalogue.producers import assign_slugs
from tests.factories import CertificateFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_slug_is_ascii_unique_and_collision_safe(groups):
    first = ProducerFactory(name="Hợp tác xã Đông Đô", registry_id="P-22-0001")
    assert first.slug == "hop-tac-xa-dong-do-p-22-0001"
    twins = [Producer(name="HTX Đồng", registry_id="p_22_9"), Producer(name="HTX Đồng",
             registry_id="P-22-9")]
    assign_slugs(twins)
    assert len({p.slug for p in twins}) == 2 and all(p.slug.isascii() for p in twins)


def test_producer_page_lists_only_sellable_products_until_local_midnight(client, groups):
    producer = ProducerFactory(name="HTX Yến sào Quảng Ninh")
    kept = ProductFactory(title="Yến sào tinh chế", producer=producer)
    CertificateFactory(product=kept, issued_on=dt.date(2025, 1, 1), expires_on=dt.date(2028, 1, 1))
    expiring = ProductFactory(title="Nước yến", producer=producer)
    CertificateFactory(product=expiring, issued_on=dt.date(2023, 10, 15),
                       expires_on=dt.date(2026, 10, 15))
    hidden = ProductFactory(title="Yến chưa niêm yết", producer=producer, is_public=False)
    CertificateFactory(product=hidden)
    url = f"/producers/{producer.slug}/"
    with time_machine.travel(dt.datetime(2026, 10, 15, 23, 59, tzinfo=VN), tick=False):
        html = client.get(url).content.decode()
        assert "Yến sào tinh chế" in html and "Nước yến" in html and "chưa niêm yết" not in html
        assert "Hợp tác xã" in html
    with time_machine.travel(dt.datetime(2026, 10, 16, 0, 0, tzinfo=VN), tick=False):
        html = client.get(url).content.decode()
        assert "Yến sào tinh chế" in html and "Nước yến" not in html
        assert producer.name in client.get("/producers/").content.decode()
        assert producer.name in client.get("/producers/", {"province": "22"}).content.decode()
        assert client.get("/producers/", {"province": "<x>"}).status_code == 200
    assert client.get("/producers/khong-co/").status_code == 404


def test_product_page_links_its_producer(client, groups):
    producer = ProducerFactory(name="HTX Chè Tân Cương")
    product = ProductFactory(title="Chè Tân Cương", producer=producer)
    CertificateFactory(product=product)
    html = client.get(product.get_absolute_url()).content.decode()
    assert f'href="/producers/{producer.slug}/"' in html
