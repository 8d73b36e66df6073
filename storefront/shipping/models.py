"""Oscar's shipping, forked: weight-based home delivery rates per destination province."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import abstract_models

from catalogue.provinces import today_provinces


class WeightBased(abstract_models.AbstractWeightBased):
    """A home-delivery rate card: weight bands (Oscar's) for some provinces.

    ``province_codes`` lists today's GSO codes (comma-separated) the card
    applies to; empty means every province without a card of its own.
    """

    province_codes = models.CharField(
        _("provinces"), max_length=255, blank=True,
        help_text=_("Mã tỉnh/thành phố (GSO), cách nhau bằng dấu phẩy; để trống: mọi tỉnh khác."),
    )

    @property
    def provinces(self) -> list[str]:
        return [code for code in self.province_codes.split(",") if code]

    def province_names(self) -> str:
        names = today_provinces()
        return ", ".join(names.get(code, code) for code in self.provinces) or str(
            _("Toàn quốc"))


from oscar.apps.shipping.models import *  # noqa: E402,F401,F403
