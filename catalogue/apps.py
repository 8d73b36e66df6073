from oscar.apps.catalogue import apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked: products carry OCOP certificates."""

    name = "catalogue"
