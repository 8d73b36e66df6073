"""Head office's read-only list of vouchers (redemption happens in the dashboard)."""

from django.contrib import admin

from .models import Voucher


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = ("code", "visit_date", "partner", "status", "holder_name", "order",
                    "redeemed_at")
    list_filter = ("status", "visit_date")
    search_fields = ("code", "order__number", "holder_name")
    list_select_related = ("partner", "order")
    raw_id_fields = ("line", "order", "partner", "product", "redeemed_by")
    date_hierarchy = "visit_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
