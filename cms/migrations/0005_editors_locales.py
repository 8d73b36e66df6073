"""English as a second content locale; the editors' and moderators' groups and
the moderation workflow every page goes through.

Editors ("Biên tập viên") create and edit pages, images and documents and
submit pages for moderation; moderators ("Kiểm duyệt") approve and publish.
Neither group is staff, so Django admin and Oscar's dashboard stay closed.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Biên tập viên"
MODERATORS = "Kiểm duyệt"
WORKFLOW = "Duyệt bài trước khi xuất bản"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("cms", "mainmenu", "change_mainmenu"),
    ("cms", "footersettings", "change_footersettings"),
]


def _permission(apps, app_label, model, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def setup(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None

    Locale = apps.get_model("wagtailcore", "Locale")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    Locale.objects.get_or_create(language_code="vi")
    Locale.objects.get_or_create(language_code="en")

    root_page = Page.objects.filter(depth=1).order_by("pk").first()
    root_collection = Collection.objects.filter(depth=1).order_by("pk").first()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    for name, group in groups.items():
        for app_label, model, codename in MODEL_PERMISSIONS:
            group.permissions.add(_permission(apps, app_label, model, codename))
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )
        if root_collection is not None:
            for app_label, model, codenames in COLLECTION_PERMISSIONS:
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection,
                        permission=_permission(apps, app_label, model, codename),
                    )

    # The workflow on the root page covers every page; reuse Wagtail's default one.
    link = WorkflowPage.objects.filter(page=root_page).select_related("workflow").first()
    workflow = link.workflow if link else Workflow.objects.create(name=WORKFLOW, active=True)
    if link is None and root_page is not None:
        WorkflowPage.objects.create(workflow=workflow, page=root_page)
    workflow.name = WORKFLOW
    workflow.active = True
    workflow.save()
    step = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order").first()
    if step is not None and GroupApprovalTask.objects.filter(pk=step.task_id).exists():
        task = GroupApprovalTask.objects.get(pk=step.task_id)
    else:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=MODERATORS, active=True, content_type=content_type
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.name = MODERATORS
    task.save()
    task.groups.set([groups[MODERATORS]])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_site_pages_navigation"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
