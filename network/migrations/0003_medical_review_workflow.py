"""The "Medical review" workflow: one medical review task, assigned to the root of the page tree
(so the shared library and every clinic's tree, new clinics included, inherit it) and to
disclaimers; and the "Medical reviewers" group with access to the admin."""

from django.db import migrations

WORKFLOW_NAME = "Medical review"
GROUP_NAME = "Medical reviewers"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    MedicalReviewTask = apps.get_model("network", "MedicalReviewTask")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    task_type, _ = ContentType.objects.get_or_create(app_label="network", model="medicalreviewtask")
    task = MedicalReviewTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=WORKFLOW_NAME, content_type=task_type, active=True)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})

    Workflow.objects.exclude(pk=workflow.pk).update(active=False)
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    disclaimer_type, _ = ContentType.objects.get_or_create(app_label="network", model="disclaimer")
    WorkflowContentType.objects.update_or_create(content_type=disclaimer_type, defaults={"workflow": workflow})

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access_admin is not None:
        group.permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_medical_review"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
