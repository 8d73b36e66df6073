from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F401,F403

from .models import (
    Certificate,
    CertificateChange,
    Producer,
    RejectedRecord,
    SyncRun,
    WebhookEvent,
)


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "tax_code", "province_code", "registry_id")
    list_filter = ("kind", "province_code")
    search_fields = ("name", "tax_code", "registry_id")


class CertificateChangeInline(admin.TabularInline):
    model = CertificateChange
    extra = 0
    can_delete = False
    readonly_fields = ("recorded_at", "source", "source_detail", "changes", "registry_updated_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates mirror the registry: staff read them, the sync writes them."""

    list_display = ("certificate_no", "product", "stars", "level", "status", "issued_on", "expires_on")
    list_filter = ("status", "stars", "level")
    search_fields = ("certificate_no", "product__title", "decision_no")
    date_hierarchy = "expires_on"
    list_select_related = ("product",)
    inlines = [CertificateChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False
