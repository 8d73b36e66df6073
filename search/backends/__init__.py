"""Search backends: each answers a ``SearchQuery`` with ids, a total and
facet counts (``search.query``). ``search.services`` picks one."""
