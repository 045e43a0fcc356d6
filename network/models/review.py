"""Medical review: credentialed reviewers, their decisions on exact revisions, and the workflow
task through which those decisions are made."""

from typing import Any, ClassVar, Protocol

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Task, TaskState

MEDICAL_REVIEWERS_GROUP = "Medical reviewers"


def validate_npi(value: str) -> None:
    """A US National Provider Identifier: ten digits whose last is a Luhn check digit (prefix 80840)."""
    if not (len(value) == 10 and value.isdigit()):
        raise ValidationError("An NPI has exactly ten digits.")
    digits = [int(d) for d in "80840" + value[:9]]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    if (10 - total % 10) % 10 != int(value[9]):
        raise ValidationError("This NPI's check digit does not match; please check the number.")


def live_review_field() -> "models.ForeignKey[MedicalReview | None, MedicalReview | None]":
    """The pointer every reviewed model carries to the approval of its live revision."""
    return models.ForeignKey(
        "network.MedicalReview",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The approval of the live revision, kept by the review signals; the API also checks it matches.",
    )


class MedicalReviewer(models.Model):
    """A credentialed person allowed to approve medical content; shown to patients by name."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="medical_reviewer")
    display_name = models.CharField(max_length=200, help_text="As shown to patients, e.g. 'Dr. Jordan Sample'.")
    credentials = models.CharField(
        max_length=100,
        validators=[RegexValidator(r"^[A-Za-z][A-Za-z.\-]*(, ?[A-Za-z][A-Za-z.\-]*)*$", "Use e.g. 'MD' or 'DO, MPH'.")],
        help_text="Post-nominal credentials, e.g. MD, DO, NP, PharmD.",
    )
    job_title = models.CharField(max_length=200, blank=True, help_text="e.g. 'Medical Director'.")
    specialty = models.CharField(max_length=200, blank=True, help_text="e.g. 'Psychiatry', 'Anesthesiology'.")
    npi = models.CharField("NPI", max_length=10, blank=True, validators=[validate_npi])
    is_active = models.BooleanField(default=True, help_text="Inactive reviewers can no longer approve.")

    # Shown when someone tries to delete the reviewer's user (network.deletion_refusals).
    deletion_refusal_hint = "Deactivate the user instead, or delete the reviewer profile first."

    panels = [
        FieldPanel("user"),
        MultiFieldPanel(
            [FieldPanel("display_name"), FieldPanel("credentials"), FieldPanel("job_title")],
            heading="Shown to patients",
        ),
        FieldPanel("specialty"),
        FieldPanel("npi"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"


class MedicalReview(models.Model):
    """A reviewer's decision on one exact revision, with the reviewer as they were at that moment."""

    APPROVED = "approved"
    REJECTED = "rejected"
    DECISIONS = [(APPROVED, "Approved"), (REJECTED, "Changes requested")]

    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="medical_reviews")
    base_content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    task_state = models.ForeignKey(
        "wagtailcore.TaskState", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(MedicalReviewer, on_delete=models.PROTECT, related_name="reviews")
    reviewer_name = models.CharField(max_length=200)
    reviewer_credentials = models.CharField(max_length=100)
    reviewer_job_title = models.CharField(max_length=200, blank=True)
    decision = models.CharField(max_length=20, choices=DECISIONS)
    comment = models.TextField(blank=True)
    reviewed_at = models.DateTimeField()
    next_review_due = models.DateField(null=True, blank=True)
    image_files = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The SHA-1 of each image file the approved revision shows, by image id: the pictures as approved.",
    )
    # The reviewer's last preview of this content in a clinic's website before deciding (None:
    # they did not preview it): the revision they saw and as which clinic, in which language.
    previewed_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    previewed_as = models.CharField(max_length=255, blank=True, editable=False)
    previewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    acknowledged_flags = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Each high-severity claim flag of the approved revision with the reviewer's comment on it.",
    )

    # Shown when someone tries to delete the reviewer (network.deletion_refusals).
    deletion_refusal_hint = "Approvals stay on record with their reviewer: mark the reviewer inactive instead."

    class Meta:
        ordering = ["-reviewed_at"]
        indexes = [
            models.Index(fields=["revision", "decision"]),
            models.Index(fields=["base_content_type", "object_id"]),
            models.Index(fields=["next_review_due"]),
            # A reviewer's latest approvals, on their desk: without it, every approval they made is sorted.
            models.Index(fields=["reviewer", "-reviewed_at"], name="review_by_reviewer_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer_name} on {self.reviewed_at:%Y-%m-%d}"


class ReviewDecisions(Protocol):
    """What a reviewer's decision does beyond who may make it: its modal form and template, and
    recording it (``network.review_decisions``). That module uses the review service and the admin,
    which import these models, so ``NetworkConfig.ready()`` connects it to the task
    (``MedicalReviewTask.connect_decisions``) instead of this module importing it."""

    def form_for(self, *, action: str) -> type[forms.Form]: ...

    def template_for(self, *, action: str) -> str: ...

    def decide(
        self, *, task: "MedicalReviewTask", task_state: TaskState, user: Any, action_name: str, **kwargs: Any
    ) -> str: ...


class MedicalReviewTask(Task):
    """A workflow step that only an active medical reviewer can approve or reject.

    Approval records a ``MedicalReview`` of the exact revision under review before the workflow
    publishes that revision; the API serves nothing whose live revision lacks one. The task says
    who may decide; what deciding does is the connected ``ReviewDecisions``.
    """

    admin_form_fields = Task.admin_form_fields
    decisions: ClassVar[ReviewDecisions | None] = None

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"

    @staticmethod
    def reviewer_of(user) -> MedicalReviewer | None:
        if user is None or not user.is_authenticated:
            return None
        cache_attr = "_medical_reviewer_cache"
        if not hasattr(user, cache_attr):
            setattr(user, cache_attr, MedicalReviewer.objects.filter(user=user, is_active=True).first())
        return getattr(user, cache_attr)

    def user_can_access_editor(self, obj, user):
        return self.reviewer_of(user) is not None

    def locked_for_user(self, obj, user):
        """Under review, the content is frozen for everyone but reviewers: what is approved is what was read."""
        return self.reviewer_of(user) is None

    def user_can_lock(self, obj, user):
        return self.reviewer_of(user) is not None

    APPROVE = "approve"
    REQUEST_CHANGES = "reject"  # Wagtail's name for the action; shown everywhere as "Request changes"

    def get_actions(self, obj, user):
        """Both decisions open the modal: approving shows what is approved and where it goes, and asks to confirm."""
        if self.reviewer_of(user) is None:
            return []
        return [(self.REQUEST_CHANGES, "Request changes", True), (self.APPROVE, "Approve", True)]

    def get_form_for_action(self, action):
        return self.connected_decisions().form_for(action=action)

    def get_template_for_action(self, action):
        return self.connected_decisions().template_for(action=action)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self.reviewer_of(user) is None:
            return TaskState.objects.none()
        return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)

    def on_action(self, task_state, user, action_name, **kwargs):
        """Record the decision and hand the reviewer back to their desk (``ReviewDecisions.decide``)."""
        return self.connected_decisions().decide(
            task=self, task_state=task_state, user=user, action_name=action_name, **kwargs
        )

    @classmethod
    def connect_decisions(cls, decisions: ReviewDecisions) -> None:
        cls.decisions = decisions

    @classmethod
    def connected_decisions(cls) -> ReviewDecisions:
        if cls.decisions is None:
            raise ImproperlyConfigured("NetworkConfig.ready() connects the medical review decisions to the task.")
        return cls.decisions

    @classmethod
    def get_description(cls):
        return "An active medical reviewer approves the exact revision, recording credentials and review dates."


@register_setting(icon="doc-full-inverse")
class ReviewSettings(BaseGenericSetting):
    """How long a medical review holds, and what happens when it runs out."""

    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Months from an approval to its next review due date (categories may set a shorter one).",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Content within this many days of its due date is 'due soon'.",
    )
    serve_overdue = models.BooleanField(
        default=True,
        help_text="Serve content past its review due date (marked 'overdue'). Untick to withhold it.",
    )

    panels = [FieldPanel("review_interval_months"), FieldPanel("due_soon_days"), FieldPanel("serve_overdue")]

    class Meta:
        verbose_name = "medical review settings"


class ReviewReminder(models.Model):
    """One reminder e-mail sent to a reviewer on one day, so a daily cron never sends twice."""

    reviewer = models.ForeignKey(MedicalReviewer, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    item_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reviewer", "sent_on"], name="one_reminder_per_reviewer_day")]

    def __str__(self) -> str:
        return f"Reminder to {self.reviewer} on {self.sent_on}: {self.item_count} items"
