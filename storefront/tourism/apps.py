from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    name = "storefront.tourism"
    label = "tourism"
    verbose_name = _("Phiếu trải nghiệm du lịch")

    def ready(self):
        # Oscar builds option fields from a table of factories by option type, meant
        # to be replaced: the visit date gets its own field (calendar input, rule).
        from oscar.core.loading import get_class, get_model

        from .visit_dates import visit_date_field_factory

        form = get_class("basket.forms", "AddToBasketForm")
        date_type = get_model("catalogue", "Option").DATE
        current = form.OPTION_FIELD_FACTORIES[date_type]
        if not getattr(current, "is_visit_date_factory", False):
            factory = visit_date_field_factory(current)
            factory.is_visit_date_factory = True
            form.OPTION_FIELD_FACTORIES[date_type] = factory
