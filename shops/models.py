"""Showrooms (điểm giới thiệu và bán sản phẩm OCOP) as Oscar partners.

A showroom's staff are Oscar's ``Partner.users``: Oscar's dashboard already
scopes products, stock and orders to them.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner

from catalogue.provinces import province_choices, province_name


class Partner(AbstractPartner):
    slug = models.SlugField(_("slug"), max_length=128, unique=True, null=True, blank=True)
    province_code = models.CharField(
        _("province"), max_length=2, choices=province_choices, blank=True, db_index=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_showroom = models.BooleanField(
        _("is a showroom"),
        default=True,
        help_text=_("Showrooms are listed for consumers; other partners only fulfil orders."),
    )

    def get_absolute_url(self):
        return reverse("showrooms:detail", args=[self.slug])

    @property
    def province_name(self):
        return province_name(self.province_code)


from oscar.apps.partner.models import *  # noqa: E402,F401,F403
