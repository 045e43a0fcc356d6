"""Medical review, as plain functions: recording a decision on an exact revision, the review
dates and status, and the gate every delivery goes through.

Content types that need review say so with ``requires_medical_review = True``; the network room
never imports them.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, F, Model, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, WorkflowState

from .models import MedicalReview, MedicalReviewer, ReviewSettings

STATUS_CURRENT = "current"
STATUS_DUE_SOON = "due_soon"
STATUS_OVERDUE = "overdue"


def reviewed_models() -> list[type[Model]]:
    """Every model whose live content must carry a medical approval."""
    return [model for model in apps.get_models() if getattr(model, "requires_medical_review", False)]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def today() -> datetime.date:
    return timezone.localdate()


def review_interval_months_for(*, content: Model, review_settings: ReviewSettings) -> int:
    """The network interval, or a shorter one that the content itself asks for (e.g. by category)."""
    own = getattr(content, "review_interval_months", None)
    return min(own, review_settings.review_interval_months) if own else review_settings.review_interval_months


def review_status(*, next_review_due: datetime.date | None, on: datetime.date, due_soon_days: int) -> str:
    if next_review_due is None or next_review_due < on:
        return STATUS_OVERDUE
    if next_review_due <= on + datetime.timedelta(days=due_soon_days):
        return STATUS_DUE_SOON
    return STATUS_CURRENT


def image_fingerprints(*, content: Model) -> dict[str, str]:
    """The SHA-1 of each image file the content shows (``images_shown()``), by image id: what an
    approval records so that a picture replaced afterwards is not served under it. An image whose
    file cannot be read gets no fingerprint, so it is never served under this approval."""
    fingerprints = {}
    for image in getattr(content, "images_shown", list)():
        try:
            fingerprints[str(image.pk)] = image.get_file_hash()
        except OSError:
            continue
    return fingerprints


@transaction.atomic
def record_review(*, task_state: TaskState, reviewer: MedicalReviewer, decision: str, comment: str) -> MedicalReview:
    """Record a reviewer's decision on the exact revision under review, and log it in the audit log."""
    revision = task_state.revision
    content = revision.as_object()
    reviewed_at = timezone.now()
    next_review_due = None
    if decision == MedicalReview.APPROVED:
        months = review_interval_months_for(content=content, review_settings=ReviewSettings.load())
        next_review_due = add_months(timezone.localdate(reviewed_at), months)
    image_files = image_fingerprints(content=content) if decision == MedicalReview.APPROVED else {}
    review = MedicalReview.objects.create(
        revision=revision,
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
        task_state=task_state,
        reviewer=reviewer,
        reviewer_name=reviewer.display_name,
        reviewer_credentials=reviewer.credentials,
        reviewer_job_title=reviewer.job_title,
        decision=decision,
        comment=comment or "",
        reviewed_at=reviewed_at,
        next_review_due=next_review_due,
        image_files=image_files,
    )
    log(
        instance=content,
        action=f"network.medical_review.{'approve' if decision == MedicalReview.APPROVED else 'reject'}",
        user=reviewer.user,
        revision=revision,
        data={
            "reviewer": reviewer.display_name,
            "credentials": reviewer.credentials,
            "next_review_due": next_review_due.isoformat() if next_review_due else None,
            "comment": review.comment,
        },
    )
    return review


def _approvals_of_live_revision() -> QuerySet[MedicalReview]:
    """Approvals of the outer object's live revision, made of that object itself (see ``of_live_revision``)."""
    return MedicalReview.objects.filter(
        revision_id=OuterRef("live_revision_id"),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        decision=MedicalReview.APPROVED,
    )


def served_with_review(
    queryset: QuerySet, *, review_settings: ReviewSettings, on: datetime.date | None = None, details: bool = False
):
    """Only the live objects whose live revision a medical reviewer approved, annotated with that
    approval's id and due date (and, with ``details``, the approval itself joined in). Overdue
    ones are left out when the network withholds them.

    ``live_review`` is a pointer kept up to date by signals; the filter also demands that the
    approval it points at is of the live revision, so a stale pointer can only withhold, never serve.
    """
    queryset = queryset.filter(
        of_live_revision(),
        live=True,
        live_review__decision=MedicalReview.APPROVED,
    ).annotate(medical_review_id=F("live_review_id"), next_review_due=F("live_review__next_review_due"))
    if not review_settings.serve_overdue:
        queryset = queryset.filter(live_review__next_review_due__gte=on or today())
    if details:
        queryset = queryset.select_related("live_review")
    return queryset


def of_live_revision() -> Coalesce:
    """``live_review.revision = live_revision`` and the approval is of this very object, written
    so PostgreSQL estimates it well.

    The object check matters for copies that carry another object's pointers along: a Wagtail
    alias is refreshed from its original's content, ``live_revision`` and ``live_review``
    included, and a snippet translated in the admin starts as a copy of its source. Their
    approval belongs to the original, so they serve nothing until their own revision is approved.

    As a plain equality, the planner multiplies its selectivity with the pointer join's and
    expects almost no row to pass, so it sorts every served article instead of reading a page in
    index order (40 ms instead of 1 ms at 10,000 articles). ``COALESCE(a = b, false)`` is true
    exactly when ``a = b`` is, and gets a neutral estimate.
    """
    same = ExpressionWrapper(
        Q(live_review__revision_id=F("live_revision_id"), live_review__object_id=Cast("pk", output_field=CharField())),
        output_field=BooleanField(),
    )
    return Coalesce(same, Value(False), output_field=BooleanField())


def refresh_live_review(content: Model) -> None:
    """Point ``live_review`` at the latest approval of the live revision, or at nothing."""
    review = None
    if content.live and content.live_revision_id:
        review = (
            MedicalReview.objects.filter(
                revision_id=content.live_revision_id, object_id=str(content.pk), decision=MedicalReview.APPROVED
            )
            .order_by("-reviewed_at")
            .first()
        )
    type(content)._base_manager.filter(pk=content.pk).update(live_review=review)


def served_review_of(content: Model, *, review_settings: ReviewSettings, on: datetime.date | None = None):
    """The ``ServedReview`` of an object fetched through ``served_with_review(..., details=True)``."""
    review = content.live_review
    return ServedReview(
        reviewer_name=review.reviewer_name,
        reviewer_credentials=review.reviewer_credentials,
        reviewer_job_title=review.reviewer_job_title,
        reviewed_at=review.reviewed_at,
        next_review_due=review.next_review_due,
        status=review_status(
            next_review_due=content.next_review_due, on=on or today(), due_soon_days=review_settings.due_soon_days
        ),
    )


def live_without_review(queryset: QuerySet) -> QuerySet:
    """Live objects whose live revision no medical reviewer approved (published some other way)."""
    return queryset.filter(live=True).exclude(Exists(_approvals_of_live_revision()))


@dataclass(frozen=True)
class ServedReview:
    reviewer_name: str
    reviewer_credentials: str
    reviewer_job_title: str
    reviewed_at: datetime.datetime
    next_review_due: datetime.date
    status: str


def current_approvals() -> QuerySet[MedicalReview]:
    """The approvals behind every live revision of reviewed content, whether or not it is served."""
    live_revision_ids = Q()
    for model in reviewed_models():
        live_revision_ids |= Q(revision_id__in=model.objects.filter(live=True).values("live_revision_id"))
    if not live_revision_ids:
        return MedicalReview.objects.none()
    return MedicalReview.objects.filter(live_revision_ids, decision=MedicalReview.APPROVED)


def approvals_showing_image(*, image_id: int) -> QuerySet[MedicalReview]:
    """Current approvals whose revision shows the image: the file they fingerprinted is what patients see."""
    return current_approvals().filter(image_files__has_key=str(image_id))


def approvals_due(*, on: datetime.date | None = None, review_settings: ReviewSettings) -> QuerySet[MedicalReview]:
    """Current approvals that are due soon or overdue, soonest first."""
    on = on or today()
    horizon = on + datetime.timedelta(days=review_settings.due_soon_days)
    return current_approvals().filter(next_review_due__lte=horizon).select_related("revision", "reviewer__user")


def awaiting_review() -> QuerySet[TaskState]:
    """Medical review tasks in progress, oldest first."""
    return (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__content_type__model="medicalreviewtask")
        .select_related("revision", "workflow_state__requested_by")
        .order_by("started_at")
    )


def published_without_review() -> list[Model]:
    """Every live piece of reviewed content whose live revision carries no approval."""
    found: list[Model] = []
    for model in reviewed_models():
        queryset = live_without_review(model.objects.all())
        if issubclass(model, Page):
            queryset = queryset.select_related("live_revision")
        found.extend(queryset)
    return found


def submit_for_review(*, content: Model, user) -> WorkflowState:
    """Start the medical review workflow on the content's latest revision, as the admin's
    'Submit for review' does."""
    workflow = content.get_workflow()
    if workflow is None:
        raise ValueError(f"{content!r} has no medical review workflow assigned.")
    return workflow.start(content, user)


def decide_review(*, content: Model, user, approve: bool, comment: str = "") -> None:
    """Approve or reject the content's review in progress, as a reviewer does in the admin."""
    task_state = content.current_workflow_task_state
    if task_state is None:
        raise ValueError(f"{content!r} is not awaiting review.")
    task_state.task.specific.on_action(task_state.specific, user, "approve" if approve else "reject", comment=comment)
