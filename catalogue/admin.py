"""Staff screens for the registry mirror, in Django's admin at /admin/.

Registry operations live here rather than in Oscar's dashboard: they are
audit records (sync runs, rejected records, certificate history) and two
operator actions (run the feed now, import a decision file), which the
admin's read-only change lists, filters, search and per-model permissions
give for free. Oscar's dashboard is built for merchandising and scopes its
screens to showroom partners, which registry data is not. Certificates stay
read-only everywhere: the registry is the authority and the sync writes them.
"""

import csv
import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.admin import *  # noqa: F401,F403

from .models import (
    Certificate,
    CertificateChange,
    Producer,
    RejectedRecord,
    SyncRun,
    WebhookEvent,
)
from .registry.runs import close_dead_runs
from .registry.spreadsheets import (
    EXTENSIONS,
    REJECTIONS_HEADER,
    import_certificate_file,
    safe_cells,
)

logger = logging.getLogger(__name__)

RUN_PERMISSION = "catalogue.add_syncrun"  # may start a sync run: feed now or a file
INLINE_REJECTIONS = 200  # the rest are one click away (list, CSV)
SHOWN_REJECTIONS = 500  # on the upload result page


class ReadOnlyAdminMixin:
    """Records written only by the sync: staff may look, never edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "tax_code", "province_code", "registry_id")
    list_filter = ("kind", "province_code")
    search_fields = ("name", "tax_code", "registry_id")


class CertificateChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CertificateChange
    extra = 0
    readonly_fields = ("recorded_at", "source", "source_detail", "changes", "registry_updated_at")
    fields = readonly_fields


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Certificates mirror the registry: staff read them, the sync writes them."""

    list_display = (
        "certificate_no", "product", "stars", "level", "status", "issued_on", "expires_on",
    )  # fmt: skip
    list_filter = ("status", "stars", "level")
    search_fields = ("certificate_no", "product__title", "decision_no")
    date_hierarchy = "expires_on"
    list_select_related = ("product",)
    inlines = [CertificateChangeInline]


@admin.register(CertificateChange)
class CertificateChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Certificate history across the catalogue: what changed, when, from where."""

    list_display = (
        "recorded_at", "certificate", "changed_fields", "source", "source_detail", "run",
    )  # fmt: skip
    list_filter = ("source",)
    search_fields = ("certificate__certificate_no", "source_detail")
    list_select_related = ("certificate", "run")
    date_hierarchy = "recorded_at"

    @admin.display(description=_("changes"))
    def changed_fields(self, obj):
        return ", ".join(
            f"{name}: {before} → {after}" for name, (before, after) in obj.changes.items()
        )


class RejectedRecordInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RejectedRecord
    extra = 0
    fields = ("row_number", "certificate_no", "reason")
    readonly_fields = fields
    verbose_name_plural = _("rejected records (the first 200; all of them in the list or CSV)")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        run_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if run_id is None:
            return queryset
        first = queryset.filter(run_id=run_id).values_list("pk", flat=True)[:INLINE_REJECTIONS]
        return queryset.filter(pk__in=list(first))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp quyết định công nhận (.xlsx hoặc .csv)"),
        help_text=_(
            "Một dòng một giấy chứng nhận, dòng tiêu đề tiếng Việt hoặc tiếng Anh "
            "(Số chứng nhận, Mã sản phẩm, Tên sản phẩm, Nhóm sản phẩm, Hạng sao, Ngày cấp, "
            "Mã tỉnh, Chủ thể…)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        limit = settings.OCOP_IMPORT_MAX_FILE_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(size)s: hãy chia thành nhiều tệp nhỏ hơn.")
                % {"size": filesizeformat(limit)}
            )
        return upload


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every registry sync run: feed, webhook, file. Run the feed or import a file."""

    list_display = (
        "id", "source", "source_detail", "status", "started_at", "finished_at",
        "pages", "applied", "unchanged", "rejected_link", "short_error",
    )  # fmt: skip
    list_display_links = ("id", "source_detail")
    list_filter = ("source", "status")
    search_fields = ("source_detail",)
    date_hierarchy = "started_at"
    inlines = [RejectedRecordInline]
    actions = ["run_sync_now"]
    change_list_template = "admin/catalogue/syncrun/change_list.html"
    change_form_template = "admin/catalogue/syncrun/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.display(description=_("rejected"), ordering="rejected")
    def rejected_link(self, run):
        if not run.rejected:
            return 0
        url = reverse("admin:catalogue_rejectedrecord_changelist")
        return format_html('<a href="{}?run__id__exact={}">{}</a>', url, run.pk, run.rejected)

    @admin.display(description=_("error"))
    def short_error(self, run):
        return Truncator(run.error).chars(80)

    # --- run the feed now -----------------------------------------------------

    @admin.action(description=_("Đồng bộ ngay với sổ đăng ký OCOP"), permissions=["run"])
    def run_sync_now(self, request, queryset):
        """Queues a feed run; the selected runs only give the action somewhere to live."""
        self._queue_sync(request)

    def has_run_permission(self, request):
        return request.user.has_perm(RUN_PERMISSION)

    def sync_now_view(self, request):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:catalogue_syncrun_changelist"))
        if not self.has_run_permission(request):
            raise PermissionDenied
        self._queue_sync(request)
        return HttpResponseRedirect(reverse("admin:catalogue_syncrun_changelist"))

    def _queue_sync(self, request) -> None:
        try:
            from .tasks import sync_registry

            sync_registry.delay()
        except Exception as error:  # broker down or tasks missing: say so, don't 500
            logger.exception("could not queue the registry sync")
            self.message_user(
                request,
                _("Không đưa được lượt đồng bộ vào hàng đợi: %(error)s") % {"error": error},
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            _(
                "Đã đưa lượt đồng bộ với sổ đăng ký OCOP vào hàng đợi; "
                "kết quả hiện trong danh sách khi chạy xong."
            ),
            messages.SUCCESS,
        )

    # --- import a decision file -------------------------------------------------

    def import_view(self, request):
        if not self.has_run_permission(request):
            raise PermissionDenied
        report = None
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_certificate_file(path_or_file=upload, name=upload.name)
            level = messages.ERROR if report.error else messages.SUCCESS
            self.message_user(request, _summary(report), level)
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập tệp quyết định công nhận OCOP"),
            "form": form,
            "report": report,
            "shown_rejections": report.rejected[:SHOWN_REJECTIONS] if report else [],
            "hidden_rejections": max(0, len(report.rejected) - SHOWN_REJECTIONS) if report else 0,
        }
        return TemplateResponse(request, "admin/catalogue/syncrun/import.html", context)

    def rejected_csv_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(SyncRun, pk=object_id)
        rows = run.rejections.order_by("row_number", "pk").values_list(
            "row_number", "certificate_no", "reason"
        )
        response = StreamingHttpResponse(_csv_lines(run, rows), content_type="text/csv")
        filename = f"rejected-run-{run.pk}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("sync-now/", wrap(self.sync_now_view), name="catalogue_syncrun_sync_now"),
            path("import/", wrap(self.import_view), name="catalogue_syncrun_import"),
            path(
                "<path:object_id>/rejected.csv",
                wrap(self.rejected_csv_view),
                name="catalogue_syncrun_rejected_csv",
            ),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        close_dead_runs()  # so a run whose process died is not shown as running
        extra_context = {**(extra_context or {}), "can_run": self.has_run_permission(request)}
        return super().changelist_view(request, extra_context)


def _summary(report) -> str:
    if report.error:
        return _("%(name)s: không đọc được tệp — %(error)s") % {
            "name": report.name,
            "error": report.error,
        }
    return _(
        "%(name)s: áp dụng %(applied)d, không đổi %(unchanged)d, bị từ chối %(rejected)d, "
        "dòng trống bỏ qua %(blank)d."
    ) % {
        "name": report.name,
        "applied": report.applied,
        "unchanged": report.unchanged,
        "rejected": len(report.rejected),
        "blank": report.blank_rows,
    }


class _Echo:
    def write(self, value):
        return value


def _csv_lines(run, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(REJECTIONS_HEADER)
    for row_number, certificate_no, reason in rows.iterator():
        yield writer.writerow(
            safe_cells([run.source_detail, row_number or "", certificate_no, reason])
        )


@admin.register(RejectedRecord)
class RejectedRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "certificate_no", "row_number", "short_reason", "run", "run_source", "created_at",
    )  # fmt: skip
    list_filter = ("run__source",)
    search_fields = ("certificate_no",)
    list_select_related = ("run",)

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return Truncator(obj.reason).chars(120)

    @admin.display(description=_("source"), ordering="run__source")
    def run_source(self, obj):
        return obj.run.get_source_display()


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("event_id", "type", "certificate_no", "occurred_at", "received_at")
    list_filter = ("type",)
    search_fields = ("event_id", "certificate_no")
