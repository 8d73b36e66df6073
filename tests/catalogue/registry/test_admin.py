"""Staff screens for the registry sync in Django's admin."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import Certificate, CertificateChange, RejectedRecord, SyncRun
from catalogue.registry.apply import apply_records
from storefront.celery import app as celery_app
from tests.catalogue.registry.test_apply import record
from tests.catalogue.registry.test_spreadsheets import EN, decision_row, write_sheet
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:catalogue_syncrun_changelist"
IMPORT = "admin:catalogue_syncrun_import"
SYNC_NOW = "admin:catalogue_syncrun_sync_now"


def staff(django_user_model, username, *perms):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@ocop.test", password="x", is_staff=True
    )
    codenames = [p.split(".")[1] for p in perms]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def operator(client, django_user_model):
    """Registry operator: may see runs and start them (feed now, file import)."""
    client.force_login(
        staff(django_user_model, "operator", "catalogue.view_syncrun", "catalogue.add_syncrun",
              "catalogue.view_rejectedrecord")  # fmt: skip
    )
    return client


@pytest.fixture
def eager_celery():
    """Run queued tasks in-process, whatever the broker settings of this run."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def a_file_run_with_rejections(count=3) -> SyncRun:
    run = SyncRun.objects.create(source="file", source_detail="qd-736.xlsx", status="completed")
    result = apply_records(
        [record(1)] + [record(n, stars=9) for n in range(2, 2 + count)], run=run
    )
    run.applied, run.rejected = result.applied, len(result.rejected)
    run.error = "x" * 300
    run.save()
    return run


# --- what staff see ------------------------------------------------------------------------


def test_staff_see_the_sync_runs_with_counts_filters_and_buttons(admin_client):
    run = a_file_run_with_rejections()
    SyncRun.objects.create(source="feed", status="failed", error="401: bad token")

    page = admin_client.get(reverse(CHANGELIST))

    assert page.status_code == 200
    html = page.content.decode()
    assert "qd-736.xlsx" in html
    assert f'href="/admin/catalogue/rejectedrecord/?run__id__exact={run.pk}"' in html
    assert "x" * 79 + "…" in html and "x" * 81 not in html  # the error, short
    assert "Đồng bộ ngay" in html
    assert reverse(IMPORT) in html
    filtered = admin_client.get(reverse(CHANGELIST), {"source__exact": "feed"})
    assert "401: bad token" in filtered.content.decode()
    assert "qd-736.xlsx" not in filtered.content.decode()
    failed = admin_client.get(reverse(CHANGELIST), {"status__exact": "failed"})
    assert "qd-736.xlsx" not in failed.content.decode()


def test_run_detail_is_read_only_with_its_rejected_records_inline(admin_client):
    run = a_file_run_with_rejections()
    page = admin_client.get(reverse("admin:catalogue_syncrun_change", args=[run.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "stars: must be 3, 4 or 5 (got 9)" in html
    assert "QN-2024-0003" in html
    assert 'name="_save"' not in html  # nothing to save: read-only
    assert reverse("admin:catalogue_syncrun_rejected_csv", args=[run.pk]) in html
    assert admin_client.post(
        reverse("admin:catalogue_syncrun_change", args=[run.pk]), {"status": "completed"}
    ).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_syncrun_add")).status_code == 403


def test_run_list_costs_the_same_queries_for_5_or_50_runs(
    admin_client, django_assert_max_num_queries
):
    for count in (5, 50):
        for _ in range(count - SyncRun.objects.count()):
            SyncRun.objects.create(source="feed", status="completed")
        with django_assert_max_num_queries(12):
            assert admin_client.get(reverse(CHANGELIST)).status_code == 200


def test_rejected_records_are_searchable_and_filtered_by_run_source(admin_client):
    file_run = a_file_run_with_rejections()
    feed_run = SyncRun.objects.create(source="feed")
    apply_records([record(40, group="furniture")], run=feed_run)
    url = reverse("admin:catalogue_rejectedrecord_changelist")

    found = admin_client.get(url, {"q": "QN-2024-0003"}).content.decode()
    assert "QN-2024-0003" in found and "QN-2024-0002" not in found
    by_source = admin_client.get(url, {"run__source": "feed"}).content.decode()
    assert "QN-2024-0040" in by_source and "QN-2024-0002" not in by_source
    by_run = admin_client.get(url, {"run__id__exact": file_run.pk}).content.decode()
    assert "QN-2024-0002" in by_run and "QN-2024-0040" not in by_run
    assert "group: must be one of" in by_source


def test_certificates_stay_read_only_with_their_history(admin_client):
    certificate = CertificateFactory()
    run = SyncRun.objects.create(source="feed")
    apply_records([record(1)], run=run)
    stored = Certificate.objects.get(certificate_no="QN-2024-0001")

    page = admin_client.get(reverse("admin:catalogue_certificate_change", args=[stored.pk]))
    assert page.status_code == 200
    assert "[null, 4]" in page.content.decode()  # the creation, in the history inline
    assert 'name="_save"' not in page.content.decode()
    change = reverse("admin:catalogue_certificate_change", args=[stored.pk])
    assert admin_client.post(change, {"stars": 5}).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_certificate_add")).status_code == 403
    delete = reverse("admin:catalogue_certificate_delete", args=[certificate.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Certificate.objects.filter(pk=certificate.pk).exists()

    history = admin_client.get(reverse("admin:catalogue_certificatechange_changelist"))
    assert history.status_code == 200
    assert "stars: None → 4" in history.content.decode()
    assert CertificateChange.objects.count() == 1


# --- run sync now ------------------------------------------------------------------------------


def test_run_sync_now_button_queues_the_feed_sync(operator, registry, eager_celery):
    registry.records = [record(1, updated_at="2026-11-01T08:00:00+07:00")]

    response = operator.post(reverse(SYNC_NOW), follow=True)

    assert response.redirect_chain[-1][0] == reverse(CHANGELIST)
    assert "Đã đưa lượt đồng bộ với sổ đăng ký OCOP vào hàng đợi" in response.content.decode()
    run = SyncRun.objects.get(source="feed")
    assert (run.status, run.applied) == ("completed", 1)
    assert Certificate.objects.filter(certificate_no="QN-2024-0001").exists()
    assert len(registry.requests) == 1


def test_run_sync_now_admin_action(operator, registry, eager_celery):
    old = SyncRun.objects.create(source="feed", status="completed")
    response = operator.post(
        reverse(CHANGELIST),
        {"action": "run_sync_now", "_selected_action": [old.pk], "index": 0},
        follow=True,
    )
    assert "Đã đưa lượt đồng bộ với sổ đăng ký OCOP vào hàng đợi" in response.content.decode()
    assert SyncRun.objects.filter(source="feed").count() == 2
    assert len(registry.requests) == 1


def test_run_sync_now_needs_a_post(operator, registry, eager_celery):
    assert operator.get(reverse(SYNC_NOW)).status_code == 302
    assert not registry.requests


# --- upload ------------------------------------------------------------------------------------


def test_upload_imports_a_file_and_shows_the_rejected_rows(operator, tmp_path):
    path = write_sheet(
        tmp_path / "qd-736.xlsx",
        [decision_row(1), decision_row(2, stars="6 sao"), None, decision_row(3, group="Đồ gỗ")],
    )
    assert operator.get(reverse(IMPORT)).status_code == 200

    with open(path, "rb") as upload:
        page = operator.post(reverse(IMPORT), {"file": upload})

    assert page.status_code == 200
    html = page.content.decode()
    assert "xlsx: áp dụng 1, không đổi 0, bị từ chối 2, dòng trống bỏ qua 1." in html
    assert '<table id="rejected-rows">' in html
    assert "<td>3</td><td>QN-2025-0002</td><td>stars: must be 3, 4 or 5 (got 6)</td>" in html
    assert "<td>5</td><td>QN-2025-0003</td>" in html
    run = SyncRun.objects.get(source="file")
    assert (run.source_detail, run.applied, run.rejected) == ("qd-736.xlsx", 1, 2)
    csv_url = reverse("admin:catalogue_syncrun_rejected_csv", args=[run.pk])
    assert csv_url in html

    download = operator.get(csv_url)
    assert download["Content-Disposition"] == f'attachment; filename="rejected-run-{run.pk}.csv"'
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[:3] for r in rows[1:]] == [["qd-736.xlsx", "3", "QN-2025-0002"],
                                         ["qd-736.xlsx", "5", "QN-2025-0003"]]  # fmt: skip


def test_upload_of_an_unreadable_file_says_why(operator, tmp_path):
    headers = {f: h for f, h in EN.items() if f != "stars"}
    path = write_sheet(tmp_path / "no-stars.csv", [decision_row(1)], headers)
    with open(path, "rb") as upload:
        html = operator.post(reverse(IMPORT), {"file": upload}).content.decode()
    assert "không đọc được tệp" in html
    assert "lacks required columns: Hạng sao / Stars" in html
    assert SyncRun.objects.get(source="file").status == "failed"


def test_upload_refuses_other_file_types(operator):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7", content_type="application/pdf")
    html = operator.post(reverse(IMPORT), {"file": upload}).content.decode()
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in html
    assert not SyncRun.objects.exists()


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [IMPORT, SYNC_NOW])
def test_non_staff_are_sent_to_the_login(client, django_user_model, tmp_path, name):
    user = django_user_model.objects.create_user(
        username="shopper", email="s@ocop.test", password="x"
    )
    user.user_permissions.set(Permission.objects.filter(codename="add_syncrun"))
    client.force_login(user)
    for response in (client.get(reverse(name)), client.post(reverse(name))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not SyncRun.objects.exists()


def test_staff_without_the_permission_are_refused(
    client, django_user_model, tmp_path, registry, eager_celery
):
    client.force_login(staff(django_user_model, "viewer", "catalogue.view_syncrun"))
    path = write_sheet(tmp_path / "qd.csv", [decision_row(1)])

    with open(path, "rb") as upload:
        assert client.post(reverse(IMPORT), {"file": upload}).status_code == 403
    assert client.get(reverse(IMPORT)).status_code == 403
    assert client.post(reverse(SYNC_NOW)).status_code == 403
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200  # may look
    assert "Đồng bộ ngay" not in page.content.decode()
    assert reverse(IMPORT) not in page.content.decode()
    action = client.post(
        reverse(CHANGELIST),
        {"action": "run_sync_now", "_selected_action": [SyncRun.objects.create(source="feed").pk],
         "index": 0},
    )  # fmt: skip
    assert action.status_code in (200, 302)
    assert not registry.requests
    assert not Certificate.objects.exists()
    assert SyncRun.objects.filter(source="file").count() == 0


def test_staff_without_any_registry_permission_cannot_see_runs(client, django_user_model):
    client.force_login(staff(django_user_model, "clerk"))
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:catalogue_rejectedrecord_changelist")).status_code == 403
    run = SyncRun.objects.create(source="file")
    csv_url = reverse("admin:catalogue_syncrun_rejected_csv", args=[run.pk])
    assert client.get(csv_url).status_code == 403
    assert RejectedRecord.objects.count() == 0
