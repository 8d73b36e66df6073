"""The product document in Elasticsearch (stock Elasticsearch 8, no plugins).

Analysis: ``ocop_folded`` lowercases and ASCII-folds while keeping the
original token (``preserve_original``), so "bưởi" and "buoi" both match and
an accented query also matches the accented token; asciifolding maps "đ" to
"d". ``title.exact`` keeps accents (exact-accent boost); ``*.prefix`` holds
edge n-grams for word-start and autocomplete matches. Names sort on
``name_sort``, a Vietnamese key computed in Python (no ICU plugin needed).
Each certificate is a ``nested`` object so that one query clause tests the
status and both dates of the *same* certificate.
"""

from django.conf import settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    InnerDoc,
    Integer,
    Keyword,
    Long,
    Nested,
    Text,
    analyzer,
    token_filter,
)

folding = token_filter("ocop_folding", "asciifolding", preserve_original=True)
edge = token_filter("ocop_edge", "edge_ngram", min_gram=1, max_gram=20)

folded = analyzer("ocop_folded", tokenizer="standard", filter=["lowercase", folding])
exact = analyzer("ocop_exact", tokenizer="standard", filter=["lowercase"])
prefix_index = analyzer(
    "ocop_prefix", tokenizer="standard", filter=["lowercase", "asciifolding", edge]
)
prefix_search = analyzer("ocop_prefix_search", tokenizer="standard",
                         filter=["lowercase", "asciifolding"])


def _folded_text(**fields):
    return Text(analyzer=folded, fields={
        "prefix": Text(analyzer=prefix_index, search_analyzer=prefix_search), **fields})


class CertificateDoc(InnerDoc):
    status = Keyword()
    issued_on = Date(format="yyyy-MM-dd")
    expires_on = Date(format="yyyy-MM-dd")
    stars = Integer()


class ProductDocument(Document):
    id = Long()
    title = _folded_text(exact=Text(analyzer=exact))
    producer = _folded_text()
    province_name = _folded_text()
    description = _folded_text()  # plain text (tags dropped); ranks below the others
    name_sort = Keyword()
    group = Keyword()
    category_paths = Keyword()
    province = Keyword()
    stars = Integer()
    producer_kind = Keyword()
    min_price = Long()
    showrooms = Keyword()  # showroom ids with stock left
    in_stock = Boolean()
    date_created = Date()
    certificates = Nested(CertificateDoc)

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-products"
