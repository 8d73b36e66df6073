"""Cached facet counts (``search.facet_cache``): served from the cache while
nothing they count has changed, counted afresh after any change — a stock
record sold out through the ledger, a certificate changed behind the ORM's
back, a listing change (``sellability_changed``), and local midnight — and
always equal to what the results show."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Certificate, Product
from catalogue.validity import OCOP_TZ, local_today
from search import facet_cache
from search.backends.database import DatabaseBackend
from search.query import FACETS, SearchQuery, parse_text
from shops import ledger

pytestmark = pytest.mark.django_db


def run(q="", **kwargs):
    kwargs.setdefault("limit", 50)
    return DatabaseBackend().search(SearchQuery(text=parse_text(q), **kwargs))


def counted(q="", **kwargs):
    """The result and whether its counts were counted (not served from the cache)."""
    with CaptureQueriesContext(connection) as captured:
        result = run(q, **kwargs)
    fresh = any("WITH base(" in query["sql"] for query in captured)
    return result, fresh


def facet(result, name):
    return {v.value: v.count for v in result.facets[name]}


def assert_counts_match_results(q="", **filters):
    """Each facet value's count is the total of the query with that value chosen."""
    result = run(q, **filters)
    assert result.total == len(run(q, **filters, limit=1000).ids)
    for name in FACETS:
        for value in result.facets[name]:
            if name == "showroom":
                chosen = int(value.value)
            elif name == "in_stock":
                chosen = True
            else:
                chosen = (int(value.value),) if name == "stars" else (value.value,)
            assert run(q, **{**filters, name: chosen}, limit=1000).total == value.count, (
                name, value)


def test_the_second_request_is_served_from_the_cache(shelf):
    first, fresh = counted()
    assert fresh
    again, fresh = counted(sort="name", offset=4, limit=4)  # paging and sort: same counts
    assert not fresh
    assert again.facets == first.facets and again.total == first.total == 15
    assert len(again.ids) == 4
    _other, fresh = counted(province=("25",))
    assert fresh


def test_a_total_without_facets_is_served_from_a_full_entry(shelf):
    counted("buoi")
    with CaptureQueriesContext(connection) as captured:
        result = run("buoi", facets=False)
    assert result.total == 3 and result.facets == {}
    assert not any('"__count"' in q["sql"] or "WITH base(" in q["sql"]
                   for q in captured)


def test_a_certificate_expiring_at_midnight_leaves_the_counts_at_midnight(shelf):
    certificate = shelf["buoi"].certificates.get()
    certificate.expires_on = local_today() + dt.timedelta(days=3)  # before the others'
    certificate.save()
    evening = dt.datetime.combine(certificate.expires_on, dt.time(23, 59), tzinfo=OCOP_TZ)
    with time_machine.travel(evening, tick=False):
        before, fresh = counted()
        assert fresh and facet(before, "stars")["5"] == 2
        _again, fresh = counted()
        assert not fresh  # cached for the rest of the day
    with time_machine.travel(evening + dt.timedelta(minutes=2), tick=False):
        assert local_today() == certificate.expires_on + dt.timedelta(days=1)
        after, fresh = counted()
        assert fresh
        assert after.total == before.total - 1 and facet(after, "stars")["5"] == 1
        assert shelf["buoi"].pk in before.ids and shelf["buoi"].pk not in after.ids
        assert facet(after, "province")["25"] == facet(before, "province")["25"] - 1
        assert_counts_match_results()


def test_selling_the_last_units_through_the_ledger_updates_the_counts(shelf):
    hoa_binh = str(shelf["showrooms"]["hoa_binh"].pk)
    before, _fresh = counted("buoi")
    assert facet(before, "in_stock") == {"1": 2} and facet(before, "showroom") == {hoa_binh: 2}
    record = shelf["buoi"].stockrecords.get()
    ledger.sell_in_store([(record.pk, record.num_in_stock)], user=None)
    after, fresh = counted("buoi")
    assert fresh
    assert facet(after, "in_stock") == {"1": 1} and facet(after, "showroom") == {hoa_binh: 1}
    assert_counts_match_results("buoi")
    assert run("buoi", in_stock=True).ids == [shelf["buoi_say"].pk]


def test_a_sale_that_leaves_stock_on_the_shelf_keeps_the_cached_counts(shelf):
    counted()
    record = shelf["tra"].stockrecords.get()
    ledger.sell_in_store([(record.pk, 1)], user=None)
    _result, fresh = counted()
    assert not fresh


def test_a_price_change_moves_the_price_counts(shelf):
    before, _fresh = counted()
    record = shelf["mam"].stockrecords.get()
    record.price = 50_000
    record.save()
    after, fresh = counted()
    assert fresh
    assert facet(after, "price")["0-100000"] == facet(before, "price")["0-100000"] + 1
    assert "1000000-" not in facet(after, "price")
    assert_counts_match_results()


def test_a_certificate_revoked_by_a_bare_update_leaves_the_counts(shelf):
    """No model save and no signal: the table's trigger still logs it."""
    before, _fresh = counted("che")
    Certificate.objects.filter(product=shelf["che_tan_cuong"]).update(status="revoked")
    after, fresh = counted("che")
    assert fresh and after.total == before.total - 1
    assert facet(after, "group")["beverage"] == facet(before, "group")["beverage"] - 1
    assert_counts_match_results("che")


def test_unlisting_a_product_leaves_the_counts(shelf, django_capture_on_commit_callbacks):
    from catalogue.signals import sellability_changed

    counted()
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.filter(pk=shelf["ga"].pk).update(is_public=False)
        sellability_changed.send(sender=Product, product_ids=(shelf["ga"].pk,), changes=())
    after, fresh = counted()
    assert fresh and after.total == 14 and facet(after, "stars")["5"] == 1


def test_sellability_changed_alone_starts_a_new_generation(shelf):
    from catalogue.signals import sellability_changed

    before = facet_cache.generation()
    sellability_changed.send(sender=Product, product_ids=(shelf["ga"].pk,), changes=())
    assert facet_cache.generation() != before


def test_filters_in_another_order_share_an_entry(shelf):
    counted(province=("25", "37"), stars=(3, 5))
    _result, fresh = counted(province=("37", "25"), stars=(5, 3))
    assert not fresh


def test_accents_share_the_entry_of_their_folded_words(shelf):
    counted("bưởi")
    result, fresh = counted("buoi")
    assert not fresh and result.total == 3


def test_near_spellings_are_cached_with_their_flag(shelf):
    first, _fresh = counted("buoii")
    again, fresh = counted("buoii")
    assert not fresh and first.fuzzy and again.fuzzy and again.ids == first.ids
