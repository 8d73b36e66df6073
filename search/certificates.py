"""The certificate rule as an Elasticsearch filter, built in ``search`` (the
catalogue knows no index). It mirrors ``catalogue.validity.valid_certificate_q``:
status active and issued_on <= today <= expires_on, in Vietnam's local date,
on one and the same certificate (``nested``). A parity test checks it
against the catalogue on every certificate state."""

import datetime as dt

from elasticsearch_dsl import Q

from catalogue.validity import ACTIVE, local_today


def valid_certificate_filter(on: dt.date | None = None) -> Q:
    day = (on or local_today()).isoformat()
    return Q("nested", path="certificates", query=Q("bool", filter=[
        Q("term", certificates__status=ACTIVE),
        Q("range", certificates__issued_on={"lte": day}),
        Q("range", certificates__expires_on={"gte": day}),
    ]))
