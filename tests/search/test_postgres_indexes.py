"""PostgreSQL: the text filter (title, producer, province and description:
the stored document of migration 0005) and the typo filter use their GIN
indexes (forced here: on a tiny table a sequential scan would win anyway),
and the stored document follows every write, not only ``save()``."""

import pytest
from django.db import connection

from catalogue.models import Product
from search.backends.database import DatabaseBackend, _text_match
from search.query import SearchQuery, parse_text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes"),
]


@pytest.mark.parametrize("fuzzy, index", [(False, "search_document_gin"),
                                          (True, "search_product_text_trgm")])
def test_the_filter_uses_its_gin_index(shelf, fuzzy, index):
    qs = Product.objects.filter(_text_match(parse_text("buoi do"), fuzzy)).order_by().values("pk")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def test_the_stored_document_follows_writes_that_bypass_save(shelf):
    def found(q):
        return DatabaseBackend().search(SearchQuery(text=parse_text(q), facets=False)).ids

    tra = shelf["tra"]
    Product.objects.filter(pk=tra.pk).update(description="<p>Hái trên đồi Xuyên Mộc</p>")
    assert found("xuyen moc") == [tra.pk]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalogue_product SET description = %s, search_text = %s "
                       "WHERE id = %s", ["", "tra hoa vang vuon nha", tra.pk])
    assert found("xuyen moc") == []
    assert found("vuon nha") == [tra.pk]
