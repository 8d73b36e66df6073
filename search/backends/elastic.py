"""The Elasticsearch backend (elasticsearch-dsl 8): the same contract as the
database backend. Filters that have a facet go in ``post_filter`` and every
facet's aggregation applies the *other* filters, so a facet's counts ignore
its own choice. Every query filters on a certificate valid today (nested),
so even a stale index never returns an expired product; the ids are then
hydrated through the catalogue's selector all the same."""

import datetime as dt

from elasticsearch import ApiError, TransportError
from elasticsearch_dsl import A, Q, Search

from catalogue.sorting import DEFAULT_SORT

from ..certificates import valid_certificate_filter
from ..documents import alias_name
from ..query import PRICE_RANGES, FacetValue, SearchQuery, SearchResult, Text
from ..services import SearchUnavailable
from ..sorting import RELEVANCE
from .client import get_client

SHOWROOM_FACET_SIZE = 20
SORTS = {
    "newest": [{"date_created": "desc"}, {"id": "desc"}],
    "stars": [{"stars": "desc"}, {"name_sort": "asc"}, {"id": "asc"}],
    "price_asc": [{"min_price": "asc"}, {"id": "asc"}],
    "price_desc": [{"min_price": "desc"}, {"id": "asc"}],
    "name": [{"name_sort": "asc"}, {"id": "asc"}],
}
TEXT_FIELDS = ["title.prefix", "producer.prefix", "province_name.prefix"]
DESCRIPTION_FIELD = "description.prefix"


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, query: SearchQuery) -> SearchResult:
        try:
            fuzzy = False
            response = build_search(query).using(get_client()).execute()
            if response.hits.total.value == 0 and query.text:
                fuzzy = True
                response = build_search(query, fuzzy=True).using(get_client()).execute()
        except (ApiError, TransportError) as exc:
            raise SearchUnavailable(f"{type(exc).__name__}: {exc}") from exc
        ids = [int(hit.meta.id) for hit in response.hits]
        facets = _facets(response) if query.facets else {}
        return SearchResult(ids=ids, total=response.hits.total.value, facets=facets,
                            fuzzy=fuzzy, backend=self.name)


def build_search(query: SearchQuery, *, fuzzy: bool = False, on: dt.date | None = None) -> Search:
    s = Search(index=alias_name()).extra(track_total_hits=True, _source=False)
    s = s.filter(valid_certificate_filter(on))
    if query.category_path:
        s = s.filter("prefix", category_paths=query.category_path)
    if query.text:
        s = s.query(_text_query(query.text, fuzzy))
    filters = facet_filters(query)
    if filters:
        s = s.post_filter(Q("bool", filter=list(filters.values())))
    if query.facets:
        for name, agg in _aggregations().items():
            others = [f for facet, f in filters.items() if facet != name]
            s.aggs.bucket(name, "filter", filter=Q("bool", filter=others)).bucket("v", agg)
    s = s.sort(*_sort(query))
    return s[query.offset : query.offset + query.limit]


def facet_filters(query: SearchQuery) -> dict[str, Q]:
    filters = {}
    if query.group:
        filters["group"] = Q("terms", group=list(query.group))
    if query.province:
        filters["province"] = Q("terms", province=list(query.province))
    if query.stars:
        filters["stars"] = Q("terms", stars=list(query.stars))
    if query.producer_kind:
        filters["producer_kind"] = Q("terms", producer_kind=list(query.producer_kind))
    if query.price:
        ranges = [Q("range", min_price=_range(low, high))
                  for key, low, high in PRICE_RANGES if key in query.price]
        filters["price"] = Q("bool", should=ranges or [Q("match_none")], minimum_should_match=1)
    if query.showroom:
        filters["showroom"] = Q("term", showrooms=str(query.showroom))
    if query.in_stock:
        filters["in_stock"] = Q("term", in_stock=True)
    return filters


def _range(low, high) -> dict:
    return {"gte": low, **({"lt": high} if high is not None else {})}


def _aggregations() -> dict:
    return {
        "group": A("terms", field="group", size=10),
        "province": A("terms", field="province", size=50),
        "stars": A("terms", field="stars", size=5),
        "producer_kind": A("terms", field="producer_kind", size=10),
        "price": A("range", field="min_price", keyed=False, ranges=[
            {"key": key, **({"from": low} if low else {}), **({"to": high} if high else {})}
            for key, low, high in PRICE_RANGES]),
        "showroom": A("terms", field="showrooms", size=SHOWROOM_FACET_SIZE),
        "in_stock": A("filter", filter=Q("term", in_stock=True)),
    }


def _text_query(text: Text, fuzzy: bool) -> Q:
    """Must: every folded word starts a word of the title, producer, province
    or description (or, on an empty exact result, matches the title or
    producer with typos). Should: the same
    relevance tiers as the database backend, by boosts."""
    if fuzzy:
        must = Q("multi_match", query=text.folded_phrase, fields=["title", "producer"],
                 fuzziness="AUTO", operator="and")
    else:
        # Every word in the title, producer or province; or, scoring far
        # less, each word in one of them or in the description (word by word:
        # the same meaning as cross_fields, which the stand-in only applies
        # among the first three).
        with_description = [*TEXT_FIELDS, DESCRIPTION_FIELD]
        must = Q("bool", minimum_should_match=1, should=[
            Q("multi_match", query=text.folded_phrase, fields=TEXT_FIELDS,
              type="cross_fields", operator="and"),
            Q("bool", boost=0.01, must=[Q("multi_match", query=word, fields=with_description)
                                        for word in text.folded]),
        ])
    should = [
        Q("match_phrase", **{"title.exact": {"query": text.phrase, "boost": 32}}),
        Q("match", **{"title.exact": {"query": text.phrase, "operator": "and", "boost": 16}}),
        Q("match_phrase", title={"query": text.folded_phrase, "boost": 8}),
        Q("match", title={"query": text.folded_phrase, "operator": "and", "boost": 4}),
        Q("match_phrase_prefix", **{"title": {"query": text.folded[0], "boost": 2}}),
        Q("match", **{"title.prefix": {"query": text.folded_phrase, "operator": "and",
                                       "boost": 1}}),
    ]
    return Q("bool", must=[must], should=should)


def _sort(query: SearchQuery) -> list:
    if query.sort == RELEVANCE and query.text:
        return ["_score", {"name_sort": "asc"}, {"id": "asc"}]
    return SORTS.get(query.sort) or SORTS[DEFAULT_SORT]


def _facets(response) -> dict[str, list[FacetValue]]:
    aggs = response.aggregations
    out = {}
    for name in ("group", "province", "stars", "producer_kind", "showroom"):
        out[name] = [FacetValue(str(b.key), b.doc_count)
                     for b in getattr(aggs, name).v.buckets if b.doc_count]
    out["price"] = [FacetValue(b.key, b.doc_count)
                    for b in aggs.price.v.buckets if b.doc_count]
    out["in_stock"] = [FacetValue("1", aggs.in_stock.v.doc_count)]
    return out
