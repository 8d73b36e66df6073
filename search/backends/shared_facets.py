"""Every facet that shares the fully filtered result set (its own filter is
not chosen), and the total, counted in ONE query. The result set is
evaluated once (a materialised CTE) instead of once per facet, which is most
of the cost of facet counts on a large catalogue. PostgreSQL and SQLite
(3.35+) differ only in the few spellings below."""

from django.db import connection

from catalogue.models import Category, Certificate, Producer, ProductCategory
from catalogue.validity import ACTIVE, local_today
from shops.models import Partner, StockRecord

from ..query import PRICE_RANGES, FacetValue

SHOWROOM_FACET_SIZE = 20
TOTAL = "_total"  # the size of the result set, counted in the same query


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _text(expression: str) -> str:
    return f"CAST({expression} AS TEXT)"


def shared_counts(base_qs, names: set[str], group_paths: dict[str, str]) -> dict:
    # The result set carries the product columns the facets group by, so no
    # facet reads the product table again.
    base_sql, params = (base_qs.order_by().values("pk", "province_code", "producer_id")
                        .query.sql_with_params())
    params = list(params)
    stock = _t(StockRecord)
    postgres = connection.vendor == "postgresql"
    ctes = [f"base(id, province_code, producer_id) AS MATERIALIZED ({base_sql})"]
    parts = [f"SELECT '{TOTAL}', '', COUNT(*) FROM base"]
    if "province" in names:
        parts.append(f"SELECT 'province', {_text('base.province_code')}, COUNT(*) FROM base "
                     "GROUP BY 2")
    if "producer_kind" in names:
        parts.append(f"SELECT 'producer_kind', {_text('pr.kind')}, COUNT(*) FROM base "
                     f"JOIN {_t(Producer)} pr ON pr.id = base.producer_id GROUP BY 2")
    if "stars" in names:
        # The shown certificate: valid today, latest issued (as with_certificate).
        valid = "c.status = %s AND c.issued_on <= %s AND c.expires_on >= %s"
        if postgres:
            shown = (f"SELECT DISTINCT ON (c.product_id) c.stars FROM {_t(Certificate)} c "
                     f"JOIN base ON base.id = c.product_id WHERE {valid} "
                     "ORDER BY c.product_id, c.issued_on DESC, c.id DESC")
        else:
            shown = (f"SELECT (SELECT c.stars FROM {_t(Certificate)} c WHERE "
                     f"c.product_id = base.id AND {valid} "
                     "ORDER BY c.issued_on DESC, c.id DESC LIMIT 1) AS stars FROM base")
        parts.append(f"SELECT 'stars', {_text('s.stars')}, COUNT(*) FROM ({shown}) s "
                     "GROUP BY 2")
        today = local_today()
        params += [ACTIVE, today, today]
    if names & {"price", "in_stock", "showroom"}:
        # The result set's stock records, read once for prices, stock and showrooms.
        ctes.append("records AS MATERIALIZED (SELECT sr.product_id, sr.partner_id, sr.price, "
                    f"sr.num_in_stock FROM {stock} sr JOIN base ON base.id = sr.product_id)")
    if names & {"price", "in_stock"}:
        ctes.append("lowest AS (SELECT product_id, MIN(price) AS m, "
                    "MAX(CASE WHEN num_in_stock > 0 THEN 1 ELSE 0 END) AS stocked "
                    "FROM records GROUP BY product_id)")
    if "price" in names:
        cases = []
        for key, low, high in PRICE_RANGES:
            cases.append("WHEN m >= %s" + (" AND m < %s" if high is not None else "")
                         + " THEN %s")
            params += [low, *([high] if high is not None else []), key]
        parts.append(f"SELECT 'price', CASE {' '.join(cases)} END, COUNT(*) FROM lowest "
                     "WHERE m IS NOT NULL GROUP BY 2")
    if "in_stock" in names:
        parts.append("SELECT 'in_stock', '1', COUNT(*) FROM lowest WHERE stocked = 1")
    if "group" in names:
        parts.append(
            f"SELECT 'group', SUBSTR(cat.path, 1, {int(Category.steplen)}), "
            f"COUNT(DISTINCT pc.product_id) FROM {_t(ProductCategory)} pc "
            f"JOIN base ON base.id = pc.product_id JOIN {_t(Category)} cat "
            "ON cat.id = pc.category_id GROUP BY 2")
    if "showroom" in names:
        parts.append(
            f"SELECT * FROM (SELECT 'showroom', {_text('sr.partner_id')}, "
            f"COUNT(DISTINCT sr.product_id) FROM records sr "
            f"JOIN {_t(Partner)} pa ON pa.id = sr.partner_id "
            "WHERE pa.is_showroom AND sr.num_in_stock > 0 GROUP BY sr.partner_id "
            f"ORDER BY 3 DESC, sr.partner_id LIMIT {SHOWROOM_FACET_SIZE}) showrooms")
    # Parameters were appended in the order their placeholders appear.
    # SQLite takes no parentheses around the members of a compound SELECT.
    members = [f"SELECT * FROM ({p}) part{i}" for i, p in enumerate(parts)]
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(members)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _shape(rows, names, group_paths)


def _shape(rows, names, group_paths) -> dict:
    found: dict[str, dict[str, int]] = {name: {} for name in names}
    out = {TOTAL: 0}
    for name, value, count in rows:
        if name == TOTAL:
            out[TOTAL] = count
        elif value not in (None, "") and count:
            found[name][value] = count
    code_by_root = {path[: Category.steplen]: code for code, path in group_paths.items()}
    for name in names:
        counts = found[name]
        if name == "group":
            by_code = {code_by_root[r]: n for r, n in counts.items() if r in code_by_root}
            out[name] = [FacetValue(c, by_code[c]) for c in group_paths if c in by_code]
        elif name == "price":
            out[name] = [FacetValue(k, counts[k]) for k, _lo, _hi in PRICE_RANGES if k in counts]
        elif name == "in_stock":
            out[name] = [FacetValue("1", counts.get("1", 0))]
        else:
            key = (lambda item: (-item[1], int(item[0]))) if name == "showroom" else (
                lambda item: (-item[1], item[0]))
            out[name] = [FacetValue(v, n) for v, n in sorted(counts.items(), key=key)]
    return out
