"""What the registry sync records: runs, rejected records, history, webhook events."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["SyncRun", "RejectedRecord", "CertificateChange", "WebhookEvent", "ExpiryDigest"]


class Source(models.TextChoices):
    FEED = "feed", _("Pull feed")
    WEBHOOK = "webhook", _("Webhook")
    FILE = "file", _("Spreadsheet")
    SEED = "seed", _("Demo data")


class SyncRun(models.Model):
    """One application of registry records: a feed run, a webhook call or a file."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_detail = models.CharField(
        _("source detail"), max_length=255, blank=True, help_text=_("File name or event id.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last heartbeat"),
        null=True,
        blank=True,
        help_text=_("A running run that stops beating died with its process."),
    )
    updated_since = models.DateTimeField(_("asked updated since"), null=True, blank=True)
    server_time = models.DateTimeField(
        _("server time of first page"),
        null=True,
        blank=True,
        help_text=_("Becomes the watermark once the run completes."),
    )
    pages = models.PositiveIntegerField(_("pages"), default=0)
    applied = models.PositiveIntegerField(_("applied"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("registry sync run")
        verbose_name_plural = _("registry sync runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["source", "status", "-started_at"])]

    def __str__(self):
        return f"{self.get_source_display()} #{self.pk} ({self.get_status_display()})"


class RejectedRecord(models.Model):
    """A registry record or spreadsheet row that broke the contract, with why."""

    run = models.ForeignKey(SyncRun, related_name="rejections", on_delete=models.CASCADE)
    certificate_no = models.CharField(_("certificate number"), max_length=255, blank=True)
    row_number = models.PositiveIntegerField(_("row number"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    payload = models.JSONField(_("payload"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rejected record")
        verbose_name_plural = _("rejected records")
        ordering = ["run", "row_number", "pk"]

    def __str__(self):
        return f"{self.certificate_no or self.row_number}: {self.reason}"


class CertificateChange(models.Model):
    """History: one change of a certificate's stars, status or dates."""

    certificate = models.ForeignKey(
        "catalogue.Certificate", related_name="history", on_delete=models.PROTECT
    )
    run = models.ForeignKey(
        SyncRun, related_name="changes", null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_detail = models.CharField(_("source detail"), max_length=255, blank=True)
    changes = models.JSONField(
        _("changes"), help_text=_('{"field": [before, after]}; before is null on creation.')
    )
    registry_updated_at = models.DateTimeField(_("registry updated at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate change")
        verbose_name_plural = _("certificate history")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.certificate_id}: {', '.join(self.changes)}"


class WebhookEvent(models.Model):
    """A registry webhook event applied once, keyed by its event_id."""

    event_id = models.CharField(_("event id"), max_length=128, unique=True)
    type = models.CharField(_("type"), max_length=64)
    certificate_no = models.CharField(_("certificate number"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at"]

    def __str__(self):
        return self.event_id


class ExpiryDigest(models.Model):
    """One daily certificate expiry digest (local date). The latest tells the
    next one from which day expired certificates still need their side effects,
    so days when the worker was down are caught up."""

    run_on = models.DateField(_("local date"), unique=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    expiring = models.PositiveIntegerField(_("expiring within 30 days"), default=0)
    expired = models.PositiveIntegerField(_("expired since the previous digest"), default=0)

    class Meta:
        verbose_name = _("certificate expiry digest")
        verbose_name_plural = _("certificate expiry digests")
        ordering = ["-run_on"]

    def __str__(self):
        return str(self.run_on)
