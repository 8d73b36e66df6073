from django.contrib import admin
from oscar.apps.partner.admin import *  # noqa: F401,F403

from .models import Reservation, StockMovement


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger is written by ``shops.ledger`` only: the admin shows it, never edits it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "stockrecord", "reason", "quantity", "allocated", "user",
                    "reference")
    list_filter = ("reason",)
    search_fields = ("reference", "note", "stockrecord__partner_sku")
    list_select_related = ("stockrecord__partner", "stockrecord__product", "user")
    raw_id_fields = ("stockrecord", "user")
    date_hierarchy = "created_at"


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ("key", "stockrecord", "quantity", "state", "expires_at", "order_number",
                    "created_at")
    list_filter = ("state",)
    search_fields = ("key", "order_number")
    list_select_related = ("stockrecord__partner", "stockrecord__product")
    raw_id_fields = ("stockrecord",)
