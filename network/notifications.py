"""E-mail to reviewers when content is submitted for medical review (editors are told of decisions
by Wagtail's own workflow notifications, whose templates network/templates/wagtailadmin/notifications/ reword)."""

from django.urls import reverse
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import TaskState

from .models import MedicalReviewTask
from .review import reviewer_users


class SubmittedForMedicalReviewNotifier(EmailNotificationMixin, Notifier):
    """E-mails every active medical reviewer when content is submitted (or resubmitted) for
    medical review; Wagtail only notifies the groups of its own group-approval tasks. Reviewers
    who turned off "submitted" notifications in their account are left out, as Wagtail does."""

    notification = "submitted"
    template_directory = "network/notifications/"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(instance.task.specific, MedicalReviewTask)

    def get_template_base_prefix(self, instance, **kwargs):
        return "medical_review_"

    def get_recipient_users(self, task_state, **kwargs):
        triggering_user = kwargs.get("user")
        recipients = reviewer_users()
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return set(recipients)

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        content = task_state.revision.content_object
        context.update(
            task_state=task_state,
            object=getattr(content, "specific", content),
            model_name=content._meta.verbose_name,
            requested_by=task_state.workflow_state.requested_by,
            changes_path=reverse("medical_review_changes", args=(task_state.pk,)),
            dashboard_path=reverse("medical_review_dashboard"),
        )
        return context


submitted_for_medical_review_notifier = SubmittedForMedicalReviewNotifier()
