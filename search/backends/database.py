"""The default backend: the database the catalogue lives in.

PostgreSQL: a stored, GIN-indexed tsvector of the folded ``search_text``
and the description (every word a prefix match; description-only matches
rank last), pg_trgm word similarity for typos when nothing matches exactly,
ICU ``vi`` collation for names. SQLite: the same rules with LIKE on
word starts and Python functions for lower case, folding and similarity.
Relevance is the same on both: tiers computed on the title (see ``_ranked_ids``).
"""

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Concat, Substr

from catalogue.models import Category, Certificate, Product, ProductCategory
from catalogue.sorting import DEFAULT_SORT, SORTS, VietnameseCollate
from shops.models import StockRecord

from .. import facet_cache
from ..expressions import DocumentMatch, Fold, VnLower, Words, WordSimilar, WordSimilarity
from ..query import PRICE_RANGES, FacetValue, SearchQuery, SearchResult, Text
from ..sorting import RELEVANCE
from .shared_facets import TOTAL, shared_counts

SHOWROOM_FACET_SIZE = 20


class DatabaseBackend:
    name = "database"

    def search(self, query: SearchQuery) -> SearchResult:
        group_paths = _group_paths()
        counted = facet_cache.counts(query, lambda: self._counts(query, group_paths))
        total, fuzzy = counted.total, counted.fuzzy
        ids = []
        if total and query.limit:
            qs = self._filtered(query, group_paths, fuzzy=fuzzy)
            if query.sort == RELEVANCE and query.text:
                ids = _ranked_ids(qs, query, fuzzy)
            else:
                qs = self._ordered(qs, query)
                ids = list(qs.values_list("pk", flat=True)[query.offset :
                                                           query.offset + query.limit])
        facets = (counted.facets or {}) if query.facets else {}
        return SearchResult(ids=ids, total=total, facets=facets, fuzzy=fuzzy, backend=self.name)

    def _counts(self, query: SearchQuery, group_paths) -> facet_cache.Counts:
        """Exact matches, or near spellings when nothing matches exactly."""
        fuzzy = False
        total, facets = self._count(query, group_paths, fuzzy)
        if total == 0 and query.text:
            fuzzy = True
            total, facets = self._count(query, group_paths, fuzzy)
        return facet_cache.Counts(total, fuzzy, facets if query.facets else None)

    def _count(self, query: SearchQuery, group_paths, fuzzy: bool) -> tuple[int, dict]:
        """The total and, if asked, the facet counts (on PostgreSQL the total
        comes with the shared facets' query)."""
        if not query.facets:
            return self._filtered(query, group_paths, fuzzy=fuzzy).count(), {}
        facets = self._facets(query, group_paths, fuzzy)
        total = facets.pop(TOTAL, None)
        if total is None:
            total = self._filtered(query, group_paths, fuzzy=fuzzy).count()
        return total, facets

    # -- filtering ---------------------------------------------------------

    def _matching(self, query: SearchQuery, fuzzy: bool):
        qs = Product.objects.browsable()
        if query.category_path:
            qs = qs.filter(Exists(ProductCategory.objects.filter(
                product=OuterRef("pk"), category__path__startswith=query.category_path)))
        if query.text:
            qs = qs.filter(_text_match(query.text, fuzzy))
        return qs

    def _filtered(self, query: SearchQuery, group_paths, *, fuzzy: bool, skip: str = ""):
        qs = self._matching(query, fuzzy)
        if query.group and skip != "group":
            qs = qs.filter(_in_groups([group_paths[g] for g in query.group if g in group_paths]))
        if query.province and skip != "province":
            qs = qs.filter(province_code__in=query.province)
        if query.stars and skip != "stars":
            qs = _shown_stars_in(qs, query.stars)
        if query.producer_kind and skip != "producer_kind":
            qs = qs.filter(producer__kind__in=query.producer_kind)
        if query.price and skip != "price":
            qs = _with_price(qs).filter(_price_q(query.price))
        if query.showroom and skip != "showroom":
            qs = qs.filter(Exists(_stock(showroom=query.showroom)))
        if query.in_stock and skip != "in_stock":
            qs = qs.filter(Exists(_stock()))
        return qs

    # -- ordering ----------------------------------------------------------

    def _ordered(self, qs, query: SearchQuery):
        """Any order but relevance (``_ranked_ids``)."""
        sort = SORTS.get(query.sort) or SORTS[DEFAULT_SORT]
        if query.sort == "stars":
            qs = _with_stars(qs)
        if sort.by_price:
            qs = _with_price(qs)
        return qs.order_by(*sort.order_by)

    # -- facets --------------------------------------------------------------

    def _facets(self, query: SearchQuery, group_paths, fuzzy: bool) -> dict:
        def base(facet):
            return self._filtered(query, group_paths, fuzzy=fuzzy, skip=facet).order_by()

        counters = {
            "group": lambda qs: _group_counts(qs, group_paths),
            "province": lambda qs: _grouped(qs, "province_code"),
            "stars": _star_counts,
            "producer_kind": lambda qs: _grouped(qs, "producer__kind"),
            "price": _price_counts,
            "showroom": _showroom_counts,
            "in_stock": lambda qs: [FacetValue("1", qs.filter(Exists(_stock())).count())],
        }
        # Facets whose own filter is not chosen all count the same result set:
        # one query for all of them (and the total); the others one each.
        shared = {name for name in counters if not getattr(query, name)}
        out = shared_counts(base(""), shared, group_paths)
        for name, count in counters.items():
            if name not in out:
                out[name] = count(base(name))
        return {name: out[name] for name in (*counters, TOTAL) if name in out}


def _showroom_counts(qs) -> list[FacetValue]:
    rows = (
        _stock_records().filter(partner__is_showroom=True, product__in=qs.values("pk"))
        .values("partner_id").annotate(n=Count("product_id", distinct=True))
        .order_by("-n", "partner_id")[:SHOWROOM_FACET_SIZE]
    )
    return [FacetValue(str(r["partner_id"]), r["n"]) for r in rows]


def _values(pairs) -> list[FacetValue]:
    return [FacetValue(str(value), count) for value, count in pairs if count]


def _grouped(qs, field: str) -> list[FacetValue]:
    rows = qs.values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [FacetValue(str(r[field]), r["n"]) for r in rows if r[field] not in (None, "")]


def _with_stars(qs):
    """The shown stars (a subquery per row): only for queries that use them."""
    return qs if "ocop_stars" in qs.query.annotations else qs.with_certificate()


def _shown_certificates():
    """PostgreSQL: the shown certificate of each product (valid today, the
    latest issued wins, as ``with_certificate``) in one DISTINCT ON pass."""
    return (Certificate.objects.valid_on().order_by("product_id", "-issued_on", "-pk")
            .distinct("product_id"))


def _shown_stars_in(qs, stars):
    """Products whose shown stars are among ``stars``: a valid certificate
    with those stars and no later valid one (the latest issued wins, then
    the highest id, as ``with_certificate``). Written as EXISTS / NOT
    EXISTS the planner can walk the first page of a list by index or count
    a whole catalogue with hash joins; a subquery per product for the
    shown stars was priced so high that PostgreSQL compiled it (JIT), which
    took longer than running it. Search lists browsable products only,
    never variants: a product's certificate is its own."""
    valid = Certificate.objects.valid_on()
    later = valid.filter(
        Q(issued_on__gt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk")),
        product_id=OuterRef("product_id"),
    )
    shown = valid.filter(~Exists(later), product_id=OuterRef("pk"), stars__in=stars)
    return qs.filter(Exists(shown))


def _star_counts(qs) -> list[FacetValue]:
    """Products per shown stars. PostgreSQL: one DISTINCT ON pass over the
    valid certificates (the latest issued wins, as ``with_certificate``)
    instead of a subquery per product."""
    if connection.vendor != "postgresql":
        return _grouped(_with_stars(qs), "ocop_stars")
    shown = _shown_certificates().filter(product_id__in=qs.values("pk")).values("stars")
    sql, params = shown.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stars, COUNT(*) FROM ({sql}) shown GROUP BY stars "  # noqa: S608
                       "ORDER BY 2 DESC, 1", params)
        return [FacetValue(str(stars), n) for stars, n in cursor.fetchall()]


def _group_counts(qs, group_paths) -> list[FacetValue]:
    """Products per group in one pass over their categories: a group is a
    root category, so a category's group is the first step of its path."""
    code_by_root = {path[: Category.steplen]: code for code, path in group_paths.items()}
    rows = (
        ProductCategory.objects.filter(product__in=qs.values("pk"))
        .annotate(root=Substr("category__path", 1, Category.steplen))
        .values("root").annotate(n=Count("product_id", distinct=True)).order_by()
    )
    counts = {code_by_root[r["root"]]: r["n"] for r in rows if r["root"] in code_by_root}
    return _values((code, counts[code]) for code in group_paths if code in counts)


def _price_counts(qs) -> list[FacetValue]:
    """Products per price range of their lowest price, one grouped pass."""
    lowest = (StockRecord.objects.filter(product__in=qs.values("pk"))
              .values("product_id").annotate(m=Min("price")).order_by())
    counts = lowest.aggregate(**{
        key: Count("product_id", filter=Q(m__gte=low, **({"m__lt": high} if high else {})))
        for key, low, high in PRICE_RANGES})
    return _values(counts.items())


def _group_paths() -> dict[str, str]:
    from catalogue.groups import GROUP_CODES

    rows = Category.objects.filter(code__in=GROUP_CODES).values_list("code", "path")
    return dict(sorted(rows, key=lambda row: GROUP_CODES.index(row[0])))


def _in_groups(paths) -> Q:
    if not paths:
        return Q(pk__in=[])
    under = Q()
    for path in paths:
        under |= Q(category__path__startswith=path)
    return Q(Exists(ProductCategory.objects.filter(under, product=OuterRef("pk"))))


def _stock_records(showroom: int | None = None):
    """Stock records with something left to sell: at one showroom, or anywhere
    (what online orders are served from)."""
    records = StockRecord.objects.filter(num_in_stock__gt=0)
    if showroom is not None:
        records = records.filter(partner_id=showroom, partner__is_showroom=True)
    return records


def _stock(showroom: int | None = None):
    return _stock_records(showroom).filter(product=OuterRef("pk"))


def _with_price(qs):
    if "min_price" in qs.query.annotations:
        return qs
    lowest = (StockRecord.objects.filter(product=OuterRef("pk")).order_by()
              .values("product").annotate(m=Min("price")).values("m")[:1])
    return qs.annotate(min_price=Subquery(lowest))


def _price_q(keys) -> Q:
    q = Q()
    for key, low, high in PRICE_RANGES:
        if key in keys:
            q |= Q(min_price__gte=low) & (Q(min_price__lt=high) if high is not None else Q())
    return q or Q(pk__in=[])


def _text_match(text: Text, fuzzy: bool) -> Q:
    """Each folded word starts a word of the title, producer, province or
    description (near spellings: of the first three only)."""
    if fuzzy:
        return Q(WordSimilar(text.folded_phrase))
    if connection.vendor == "postgresql":
        return Q(DocumentMatch(text.folded))
    q = Q()
    for word in text.folded:
        q &= _contains(_spaced_text(), [f" {word}"]) | _contains(Words("description"),
                                                                [f" {word}"])
    return q


def _spaced_text():
    return Concat(Value(" "), "search_text", output_field=TextField())


def _ranked_ids(qs, query: SearchQuery, fuzzy: bool) -> list[int]:
    """One page of ``qs`` in relevance order.

    Relevance tiers on the title: the accented phrase, then the accented
    words, then the folded phrase and words, a title starting with the
    query, then word starts (a match only in the producer or province
    scores 0); then, for exact matches, a match in the title, producer or
    province before one only in the description; near spellings first by
    their similarity. Ties: the shorter title (more of it matched), then
    name order, then id.

    The matches' lowered and folded titles are computed once each (a
    materialised CTE) and the tiers are plain substring tests on them:
    written as ORM annotations every tier folded the title again, which
    cost more than the match itself for a short word found in thousands of
    products."""
    text = query.text
    find = "strpos" if connection.vendor == "postgresql" else "instr"
    columns = {"lowered": VnLower("title"), "folded": Fold("title"),
               "name": VietnameseCollate("title")}
    if fuzzy:
        columns["similarity"] = WordSimilarity(text.folded_phrase)
    matches = qs.order_by().annotate(**{f"r_{k}": v for k, v in columns.items()}).values(
        "pk", "title", "search_text", *(f"r_{k}" for k in columns))
    cte_sql, cte_params = matches.query.sql_with_params()

    def contains_all(haystack: str, needles) -> tuple[str, list]:
        return " AND ".join(f"{find}({haystack}, %s) > 0" for _ in needles), list(needles)

    spaced_lower = "(' ' || r.r_lowered || ' ')"
    spaced_fold = "(' ' || r.r_folded || ' ')"
    tiers = [
        (32, contains_all("r.r_lowered", [text.phrase])),
        (16, contains_all(spaced_lower, [f" {w} " for w in text.words])),
        (8, contains_all("r.r_folded", [text.folded_phrase])),
        (4, contains_all(spaced_fold, [f" {w} " for w in text.folded])),
        (2, ("SUBSTR(r.r_folded, 1, %s) = %s", [len(text.folded[0]), text.folded[0]])),
        (1, contains_all(spaced_fold, [f" {w}" for w in text.folded])),
    ]
    order, params = [], list(cte_params)
    if fuzzy:
        order.append("r.r_similarity DESC")
    order.append("(" + " + ".join(f"CASE WHEN {condition} THEN {points} ELSE 0 END"
                                  for points, (condition, _) in tiers) + ") DESC")
    for _points, (_condition, values) in tiers:
        params += values
    if not fuzzy:
        # A match in the title, producer or province before one only in the
        # description.
        condition, values = contains_all("(' ' || r.search_text)",
                                         [f" {w}" for w in text.folded])
        order.append(f"CASE WHEN {condition} THEN 1 ELSE 0 END DESC")
        params += values
    order += ["LENGTH(r.title)", "r.r_name", "r.pk"]
    sql = (f"WITH r AS MATERIALIZED ({cte_sql}) SELECT r.pk FROM r "  # noqa: S608
           f"ORDER BY {', '.join(order)} LIMIT %s OFFSET %s")
    params += [query.limit, query.offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _contains(expression, needles) -> Q:
    from django.db.models.lookups import Contains

    q = Q()
    for needle in needles:
        q &= Q(Contains(expression, needle))
    return q

