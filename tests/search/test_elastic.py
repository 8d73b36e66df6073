"""Elasticsearch specifics: the index body and a query body against JSON
reviewed for stock Elasticsearch 8, the certificate filter against the
catalogue's rule on every state, incremental updates, the alias-swap rebuild
with changes arriving during it, and the command."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from catalogue.models import Certificate, Product
from catalogue.validity import local_today
from search.backends.elastic import ElasticsearchBackend, build_search
from search.documents import alias_name
from search.indexing import index_settings, rebuild
from search.query import SearchQuery, parse_text
from tests.factories import CertificateFactory
from tests.search.conftest import make

pytestmark = pytest.mark.django_db
EXPECTED = Path(__file__).parent / "expected"
STOCK_FILTERS = {"lowercase", "asciifolding", "edge_ngram"}


def test_index_body_is_the_reviewed_json():
    body = index_settings()
    assert body == json.loads((EXPECTED / "index.json").read_text())
    # Stock Elasticsearch 8 only: built-in filters, no ICU or other plugin.
    analysis = body["settings"]["analysis"]
    assert {f["type"] for f in analysis["filter"].values()} <= STOCK_FILTERS
    for definition in analysis["analyzer"].values():
        assert definition["tokenizer"] == "standard"
        assert set(definition["filter"]) <= STOCK_FILTERS | set(analysis["filter"])
    assert analysis["filter"]["ocop_folding"] == {"type": "asciifolding", "preserve_original": True}
    assert body["mappings"]["properties"]["certificates"]["type"] == "nested"


def test_query_body_is_the_reviewed_json(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "ocop"
    query = SearchQuery(text=parse_text("Bưởi đỏ"), province=("25",), stars=(5,), limit=24)
    body = build_search(query, on=dt.date(2026, 11, 25)).to_dict()
    assert body == json.loads((EXPECTED / "query_buoi_do.json").read_text())
    assert build_search(query).to_dict()["query"]["bool"]["filter"][0]["nested"]["path"] == (
        "certificates")


def test_certificate_filter_matches_the_catalogue_rule_on_every_state(elastic, groups):
    today = local_today()
    day = dt.timedelta(days=1)
    cases = {
        "active": {},
        "last day": {"issued_on": today - 1000 * day, "expires_on": today},
        "expired": {"issued_on": today - 1000 * day, "expires_on": today - day},
        "first day": {"issued_on": today},
        "not yet valid": {"issued_on": today + day},
        "suspended": {"status": "suspended"},
        "revoked": {"status": "revoked"},
    }
    for label, kwargs in cases.items():
        make(f"Sản phẩm {label}", **kwargs)
    # One expired active certificate and one current revoked one: a flat
    # (non-nested) filter would wrongly match this product.
    mixed = make("Sản phẩm hai giấy", issued_on=today - 1200 * day, expires_on=today - day)
    CertificateFactory(product=mixed, status=Certificate.Status.REVOKED)
    rebuild()
    backend = ElasticsearchBackend()
    for on in (today - 2 * day, today - day, today, today + day, today + 1100 * day):
        expected = set(Product.objects.sellable(on).values_list("pk", flat=True))
        body = build_search(SearchQuery(limit=100, facets=False), on=on)
        found = {int(hit.meta.id) for hit in body.using(elastic).execute().hits}
        assert found == expected, on
    assert mixed.pk not in backend.search(SearchQuery(limit=100)).ids


def test_updates_follow_product_and_certificate_changes(elastic, groups,
                                                        django_capture_on_commit_callbacks):
    product = make("Cam Cao Phong", province="25")
    rebuild()
    backend = ElasticsearchBackend()
    with django_capture_on_commit_callbacks(execute=True):
        product.title = "Cam đường Canh"
        product.save()
    assert backend.search(SearchQuery(text=parse_text("cam duong canh"))).ids == [product.pk]
    with django_capture_on_commit_callbacks(execute=True):
        product.is_public = False
        product.save()
    assert backend.search(SearchQuery(text=parse_text("cam"))).ids == []
    assert not elastic.exists(index=alias_name(), id=product.pk)


def test_rebuild_swaps_the_alias_and_loses_no_update(elastic, groups,
                                                     django_capture_on_commit_callbacks):
    kept = make("Mật ong bạc hà")
    renamed = make("Chè búp")
    withdrawn = make("Rượu ngô")
    first = rebuild()
    added = []

    def while_building():
        # Changes after the new index read the database, before the swap.
        with django_capture_on_commit_callbacks(execute=True):
            renamed.title = "Chè búp Tân Cương"
            renamed.save()
            withdrawn.is_public = False
            withdrawn.save()
            added.append(make("Gạo nếp cái hoa vàng"))

    second = rebuild(during=while_building)
    assert second.replayed >= 3
    assert list(elastic.indices.get_alias(name=alias_name())) == [second.index]
    assert not elastic.indices.exists(index=first.index)
    backend = ElasticsearchBackend()
    ids = set(backend.search(SearchQuery(limit=50)).ids)
    assert ids == {kept.pk, renamed.pk, added[0].pk}
    assert backend.search(SearchQuery(text=parse_text("che bup tan cuong"))).ids == [renamed.pk]


def test_command_rebuilds_with_a_progress_bar(elastic, groups, capsys):
    make("Bưởi đỏ Tân Lạc")
    call_command("search_index", "--rebuild")
    out, err = capsys.readouterr()
    assert "1 documents in" in out and "1/1" in err


def test_command_without_elasticsearch_says_so(settings):
    from django.core.management.base import CommandError

    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("search_index", "--rebuild")
