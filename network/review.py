"""Medical review, as plain functions: recording a decision on an exact revision, the review
dates and status, and the gate every delivery goes through.

Content types that need review say so with ``requires_medical_review = True``; the network room
never imports them.
"""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Page, Revision, TaskState, WorkflowState

from .models import MedicalReview, MedicalReviewer, MedicalReviewTask, ReviewSettings
from .preview import last_preview_by
from .review_flags import answers_to_every_flag
from .speed import cache, tags
from .translation import untranslated_parts

# What the review functions take: a Wagtail page or snippet with draft state, revisions and a
# workflow, whose model says ``requires_medical_review`` (the review states also read contact
# blocks, which have the same shape and are served once published). Wagtail ships no type
# information, so mypy reads this as Any; it names what a ``content`` argument is.
ReviewedContent: TypeAlias = DraftStateMixin

STATUS_CURRENT = "current"
STATUS_DUE_SOON = "due_soon"
STATUS_OVERDUE = "overdue"


def reviewed_models() -> list[type[ReviewedContent]]:
    """Every model whose live content must carry a medical approval."""
    return [model for model in apps.get_models() if getattr(model, "requires_medical_review", False)]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def today() -> datetime.date:
    return timezone.localdate()


def review_interval_months_for(*, content: ReviewedContent, review_settings: ReviewSettings) -> int:
    """The network interval, or a shorter one that the content itself asks for (e.g. by category)."""
    own = getattr(content, "review_interval_months", None)
    return min(own, review_settings.review_interval_months) if own else review_settings.review_interval_months


def next_review_due_for(
    *, content: ReviewedContent, approved_on: datetime.date, review_settings: ReviewSettings
) -> datetime.date:
    """The due date an approval of ``content`` on ``approved_on`` gets: what ``record_review`` records
    and what the reviewer is shown before approving."""
    return add_months(approved_on, review_interval_months_for(content=content, review_settings=review_settings))


def is_active_reviewer(user) -> bool:
    """An active medical reviewer: may decide reviews, and read the history and comparisons of reviewed content."""
    return MedicalReviewTask.reviewer_of(user) is not None


def review_status(*, next_review_due: datetime.date | None, on: datetime.date, due_soon_days: int) -> str:
    if next_review_due is None or next_review_due < on:
        return STATUS_OVERDUE
    if next_review_due <= on + datetime.timedelta(days=due_soon_days):
        return STATUS_DUE_SOON
    return STATUS_CURRENT


def image_fingerprints(*, content: ReviewedContent) -> dict[str, str]:
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
def record_review(
    *,
    task_state: TaskState,
    reviewer: MedicalReviewer,
    decision: str,
    comment: str,
    acknowledged_flags: Sequence[dict] = (),
) -> MedicalReview:
    """Record a reviewer's decision on the exact revision under review, and log it in the audit log."""
    revision = task_state.revision
    content = revision.as_object()
    reviewed_at = timezone.now()
    next_review_due = None
    if decision == MedicalReview.APPROVED:
        next_review_due = next_review_due_for(
            content=content, approved_on=timezone.localdate(reviewed_at), review_settings=ReviewSettings.load()
        )
    image_files = image_fingerprints(content=content) if decision == MedicalReview.APPROVED else {}
    # What the reviewer saw in a clinic's website before deciding, if they previewed it there.
    preview = last_preview_by(content=revision.content_object, user=reviewer.user)
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
        previewed_revision_id=preview.revision_id if preview else None,
        previewed_as=f"{preview.data.get('clinic', '')} ({preview.data.get('locale', '')})" if preview else "",
        previewed_at=preview.timestamp if preview else None,
        acknowledged_flags=list(acknowledged_flags),
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
            "previewed": f"revision {review.previewed_revision_id} as {review.previewed_as}" if preview else "",
            "acknowledged_flags": review.acknowledged_flags,
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


def refresh_live_review(content: ReviewedContent) -> None:
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


def served_review_of(content: ReviewedContent, *, review_settings: ReviewSettings, on: datetime.date | None = None):
    """The ``ServedReview`` of an object fetched through ``served_with_review(..., details=True)``."""
    return served_review(
        content.live_review, next_review_due=content.next_review_due, review_settings=review_settings, on=on or today()
    )


def served_review(
    approval: MedicalReview, *, next_review_due: datetime.date, review_settings: ReviewSettings, on: datetime.date
) -> "ServedReview":
    """An approval as patients are shown it, with its status on ``on``."""
    return ServedReview(
        reviewer_name=approval.reviewer_name,
        reviewer_credentials=approval.reviewer_credentials,
        reviewer_job_title=approval.reviewer_job_title,
        reviewed_at=approval.reviewed_at,
        next_review_due=approval.next_review_due,  # type: ignore[arg-type] # an approval has one (record_review)
        status=review_status(next_review_due=next_review_due, on=on, due_soon_days=review_settings.due_soon_days),
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


def published_without_review() -> list[ReviewedContent]:
    """Every live piece of reviewed content whose live revision carries no approval.

    Finding them reads every live object (a quarter of a second at 100,000 articles), so the
    ids found are cached until any reviewed content or review is saved (``tags.REVIEW_STATES``),
    and for a minute at most (a script's ``update()`` sends no signal); each is checked again on
    every read, so what was approved since is never listed."""
    ids = cache.cached(
        "admin:published-without-review", tags=[tags.REVIEW_STATES], build=_published_without_review_ids, timeout=60
    )
    found: list[ReviewedContent] = []
    for model in reviewed_models():
        if not ids.get(model._meta.label):
            continue
        queryset = live_without_review(model.objects.filter(pk__in=ids[model._meta.label]))
        if issubclass(model, Page):
            queryset = queryset.select_related("live_revision")
        found.extend(queryset)
    return found


def _published_without_review_ids() -> dict[str, list]:
    return {
        model._meta.label: list(live_without_review(model.objects.all()).order_by().values_list("pk", flat=True))
        for model in reviewed_models()
    }


def submit_for_review(*, content: ReviewedContent, user) -> WorkflowState:
    """Start the medical review workflow on the content's latest revision, as the admin's
    'Submit for review' does."""
    workflow = content.get_workflow()
    if workflow is None:
        raise ValueError(f"{content!r} has no medical review workflow assigned.")
    return workflow.start(content, user)


def decide_review(
    *,
    content: ReviewedContent,
    user,
    approve: bool,
    comment: str = "",
    acknowledgements: dict[str, str] | None = None,
    acknowledge_every_flag: str = "",
) -> None:
    """Approve or reject the content's review in progress, as a reviewer does in the admin.

    ``acknowledgements`` answers the revision's high-severity claim flags by the approve form's
    field names (``network.review_flags``); ``acknowledge_every_flag`` answers each with the same
    comment (the demo network, benchmarks). An approval that leaves a flag unanswered is refused.
    """
    task_state = content.current_workflow_task_state
    if task_state is None:
        raise ValueError(f"{content!r} is not awaiting review.")
    answers = dict(acknowledgements or {})
    if approve and acknowledge_every_flag:
        answers = answers_to_every_flag(revision=task_state.revision, comment=acknowledge_every_flag) | answers
    task_state.task.specific.on_action(
        task_state.specific, user, "approve" if approve else "reject", comment=comment, **answers
    )


# The reviewer's desk: what a decision reaches, what changed since the last approval, what came before.

REACH_HOOK = "describe_medical_review_reach"
"""Wagtail hook: ``fn(content) -> Reach | None``. The rooms that know clinics (articles, clinics)
say which clinics and locales an approval of their content reaches; the network room never imports them."""


@dataclass(frozen=True)
class Reach:
    """The clinic websites and languages an approved revision is served to."""

    clinics: tuple[str, ...]
    locales: tuple[str, ...]
    note: str = ""


def reach_of(*, content: ReviewedContent) -> Reach | None:
    for describe in hooks.get_hooks(REACH_HOOK):
        reach = describe(content)
        if reach is not None:
            return reach
    return None


def decisions_on(*, revision: Revision) -> QuerySet[MedicalReview]:
    """Every decision on the object the revision belongs to, newest first."""
    return MedicalReview.objects.filter(
        base_content_type_id=revision.base_content_type_id, object_id=revision.object_id
    ).order_by("-reviewed_at", "-pk")


def last_approval_of(*, revision: Revision) -> MedicalReview | None:
    """The latest approval of the object the revision belongs to: what the reviewer compares against."""
    return decisions_on(revision=revision).filter(decision=MedicalReview.APPROVED).select_related("revision").first()


def last_change_request_of(*, revision: Revision) -> MedicalReview | None:
    """The latest "changes requested" on the object: a resubmission answers it."""
    return decisions_on(revision=revision).filter(decision=MedicalReview.REJECTED).first()


@dataclass(frozen=True)
class ApprovalOutlook:
    """What the reviewer is about to approve, and what the approval will record and reach."""

    revision: Revision
    submitted_at: datetime.datetime
    submitted_by: str
    reviewer_name: str
    reviewer_credentials: str
    reach: Reach | None
    next_review_due: datetime.date
    last_approval: MedicalReview | None
    last_change_request: MedicalReview | None
    untranslated: list  # of a translation: what still reads like its source (network.translation)


def user_name(user) -> str:
    if user is None:
        return "unknown"
    return user.get_full_name() or user.get_username()


def approval_outlook(
    *, task_state: TaskState, reviewer: MedicalReviewer, on: datetime.date | None = None
) -> ApprovalOutlook:
    revision = task_state.revision
    content = revision.as_object()
    return ApprovalOutlook(
        revision=revision,
        submitted_at=task_state.started_at,
        submitted_by=user_name(task_state.workflow_state.requested_by),
        reviewer_name=reviewer.display_name,
        reviewer_credentials=reviewer.credentials,
        reach=reach_of(content=content),
        next_review_due=next_review_due_for(
            content=content, approved_on=on or today(), review_settings=ReviewSettings.load()
        ),
        last_approval=last_approval_of(revision=revision),
        last_change_request=last_change_request_of(revision=revision),
        untranslated=untranslated_parts(content=content) if hasattr(content, "translated_fields") else [],
    )


def decision_summary(*, task_state: TaskState) -> str | None:
    """What the reviewer is told after deciding: the outcome as recorded, whichever request recorded it."""
    review = MedicalReview.objects.filter(task_state_id=task_state.pk).order_by("-reviewed_at").first()
    if review is None:
        return None
    if review.decision == MedicalReview.REJECTED:
        return "Changes requested: the editor was told."
    content = review.revision.content_object
    content = getattr(content, "specific", content)
    reach = reach_of(content=content) if content is not None else None
    due = f"next review due {format_day(review.next_review_due)}"
    newer_in_review = getattr(content, "workflow_in_progress", False)
    if newer_in_review and getattr(content, "live_revision_id", review.revision_id) != review.revision_id:
        # Saved while deciding ("save and approve" with edits): Wagtail put the new revision in
        # review instead of publishing the approved one.
        return (
            f"Approved revision {review.revision_id}, {due}; not published: a newer revision "
            "(the edits saved with the approval) now awaits medical review."
        )
    if reach is None:
        return f"Approved: live, {due}."
    clinics = len(reach.clinics)
    return f"Approved: live for {clinics} clinic{'s' if clinics != 1 else ''}, {due}."


def format_day(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "not set"


def approved_recently_by(*, reviewer: MedicalReviewer, limit: int = 10) -> QuerySet[MedicalReview]:
    return (
        MedicalReview.objects.filter(reviewer=reviewer, decision=MedicalReview.APPROVED)
        .select_related("revision")
        .order_by("-reviewed_at")[:limit]
    )


def reviewer_users():
    """The users who are told when content is submitted for medical review: active reviewers."""
    return get_user_model().objects.filter(medical_reviewer__is_active=True, is_active=True)


def last_decided_by(*, content: ReviewedContent, user) -> TaskState | None:
    """The medical review task state on ``content`` that ``user`` decided last."""
    return (
        TaskState.objects.filter(
            workflow_state__base_content_type_id=content.get_base_content_type().pk,
            workflow_state__object_id=str(content.pk),
            finished_by=user,
            task__content_type__model="medicalreviewtask",
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
        )
        .order_by("-finished_at")
        .first()
    )


# Previews: what a clinic's preview website is told about the review of the revision it shows.

PREVIEW_DRAFT = "draft"
PREVIEW_IN_REVIEW = "in_review"
PREVIEW_CHANGES_REQUESTED = "changes_requested"
PREVIEW_APPROVED = "approved"
PREVIEW_PUBLISHED = "published"  # a contact block's live revision: served once published, no medical review
PREVIEW_STATES = (PREVIEW_DRAFT, PREVIEW_IN_REVIEW, PREVIEW_CHANGES_REQUESTED, PREVIEW_APPROVED, PREVIEW_PUBLISHED)


def exact_approval(revision: Revision | None) -> MedicalReview | None:
    """The medical approval of exactly this revision; None when no reviewer approved it (a preview
    never shows an approval the revision does not have)."""
    if revision is None:
        return None
    return (
        MedicalReview.objects.filter(revision=revision, decision=MedicalReview.APPROVED)
        .order_by("-reviewed_at")
        .first()
    )


def served_approval(
    approval: MedicalReview | None, *, review_settings: ReviewSettings, on: datetime.date
) -> ServedReview | None:
    """``exact_approval``'s approval as patients are shown it; None without one."""
    if approval is None or approval.next_review_due is None:  # an approval always has one (record_review)
        return None
    return served_review(approval, next_review_due=approval.next_review_due, review_settings=review_settings, on=on)


def preview_state_of(*, content, revision: Revision | None, unsaved: bool, approved: bool) -> str:
    """Where the previewed revision stands: unsaved changes are a ``draft``; a revision is
    ``approved`` once a reviewer approved it, ``in_review`` while the review task holds it,
    ``changes_requested`` when the reviewer's last word on it was that; a contact block's live
    revision is ``published``."""
    if unsaved or revision is None:
        return PREVIEW_DRAFT
    if approved:
        return PREVIEW_APPROVED
    if not getattr(content, "requires_medical_review", False):
        return PREVIEW_PUBLISHED if revision.pk == content.live_revision_id and content.live else PREVIEW_DRAFT
    workflow_state = content.current_workflow_state
    if workflow_state is not None:
        task_state = workflow_state.current_task_state
        if (
            workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
            and task_state
            and task_state.revision_id == revision.pk
        ):
            return PREVIEW_IN_REVIEW
        if (
            workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
            and task_state
            and task_state.revision_id == revision.pk
        ):
            return PREVIEW_CHANGES_REQUESTED
    if MedicalReview.objects.filter(revision=revision, decision=MedicalReview.REJECTED).exists():
        return PREVIEW_CHANGES_REQUESTED
    return PREVIEW_DRAFT
