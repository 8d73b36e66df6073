"""PostgreSQL: the text filter (title, producer, province and description:
the stored document of migration 0005) and the typo filter use their GIN
indexes (forced here: on a tiny table a sequential scan would win anyway)."""

import pytest
from django.db import connection

from catalogue.models import Product
from search.backends.database import _text_match
from search.query import parse_text

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
