"""What an editor needs to know about the content in front of them: is it served, under whose
approval, until when, and is there a newer draft, a review in progress or a change requested.

The answer to "is it served" comes from the gate itself (``served_with_review``), so the admin
can never say "served" about something the API withholds, or the reverse. States are read for a
whole page of a listing at once: a handful of queries per model, none per row.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, Revision, WorkflowState, get_default_page_content_type

from .models import MedicalReview, ReviewSettings
from .review import (
    STATUS_DUE_SOON,
    STATUS_OVERDUE,
    ReviewedContent,
    live_without_review,
    review_status,
    served_with_review,
    today,
)

KIND_REVIEWED = "reviewed"
KIND_PUBLISHED = "published"  # content that is served once published (contact blocks): no medical review


@dataclass(frozen=True)
class ReviewState:
    """One object's state as the clinic websites see it, and what is pending in the admin."""

    kind: str
    live: bool
    served: bool
    approval: MedicalReview | None  # the approval of the live revision (served or withheld as overdue)
    status: str | None  # current / due_soon / overdue, from that approval's due date
    unreviewed_draft: bool  # a revision newer than the live one, not yet approved (or published)
    awaiting_review: bool
    changes_requested: MedicalReview | None  # the reviewer's rejection, while nothing newer was submitted
    published_without_review: bool  # live, but its live revision carries no approval: withheld

    @property
    def next_review_due(self) -> datetime.date | None:
        return self.approval.next_review_due if self.approval else None

    @property
    def label(self) -> str:
        """A short status for listings."""
        if self.kind == KIND_PUBLISHED:
            if not self.live:
                return "Not published: not served"
            return "Published; newer draft not published" if self.unreviewed_draft else "Published: served"
        if self.published_without_review:
            return "Published without medical review: withheld"
        if self.approval is None:
            return "Not yet approved: not served"
        text = {
            STATUS_OVERDUE: "Approved, review overdue",
            STATUS_DUE_SOON: "Approved, review due soon",
        }.get(self.status or "", "Approved")
        if not self.served:
            text += ": withheld"
        return text

    @property
    def pending(self) -> str:
        """What is happening to the newer draft, for listings."""
        if self.changes_requested is not None:
            return "Changes requested"
        if self.awaiting_review:
            return "Awaiting medical review"
        if self.unreviewed_draft:
            return "Draft not reviewed yet" if self.kind == KIND_REVIEWED else "Draft not published yet"
        return ""


def base_content_type_of(model: type[ReviewedContent]) -> ContentType:
    """The content type under which revisions, reviews and workflow states of ``model`` are filed."""
    if issubclass(model, Page):
        return get_default_page_content_type()
    return model.get_base_content_type()


def review_states_for(
    *,
    model: type[ReviewedContent],
    ids: Iterable,
    review_settings: ReviewSettings | None = None,
    on: datetime.date | None = None,
) -> dict:
    """The ``ReviewState`` of each object of ``model`` by pk, read fresh from the database (an edit
    view's instance is a revision's copy and may carry stale pointers). A few queries in all."""
    ids = list({pk for pk in ids if pk is not None})
    if not ids:
        return {}
    review_settings = review_settings or ReviewSettings.load()
    on = on or today()
    reviewed = getattr(model, "requires_medical_review", False)
    content_type = base_content_type_of(model)
    own_reviews = MedicalReview.objects.filter(
        base_content_type=content_type, object_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    own_workflows = WorkflowState.objects.filter(
        base_content_type=content_type, object_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    values = model._default_manager.filter(pk__in=ids).values("pk", "live", "live_revision_id", "latest_revision_id")
    if reviewed:
        values = values.annotate(
            latest_review_id=Subquery(own_reviews.order_by("-reviewed_at", "-pk").values("pk")[:1]),
            in_review=Exists(own_workflows.filter(status=WorkflowState.STATUS_IN_PROGRESS)),
        )
    rows = list(values)
    if not reviewed:
        return {
            row["pk"]: ReviewState(
                kind=KIND_PUBLISHED,
                live=row["live"],
                served=row["live"],
                approval=None,
                status=None,
                unreviewed_draft=bool(row["live"] and row["latest_revision_id"] != row["live_revision_id"]),
                awaiting_review=False,
                changes_requested=None,
                published_without_review=False,
            )
            for row in rows
        }

    candidates = model._default_manager.filter(pk__in=ids)
    served = set(served_with_review(candidates, review_settings=review_settings, on=on).values_list("pk", flat=True))
    unreviewed_live = set(live_without_review(candidates).values_list("pk", flat=True))
    live_approvals = MedicalReview.objects.filter(
        base_content_type=content_type,
        object_id__in=[str(row["pk"]) for row in rows if row["live"]],
        revision_id__in=[row["live_revision_id"] for row in rows if row["live"] and row["live_revision_id"]],
        decision=MedicalReview.APPROVED,
    ).order_by("reviewed_at")
    approval_of = {}
    for review in live_approvals:  # the latest approval of each live revision wins
        approval_of[(review.object_id, review.revision_id)] = review
    latest = MedicalReview.objects.in_bulk([row["latest_review_id"] for row in rows if row["latest_review_id"]])

    states = {}
    for row in rows:
        approval = approval_of.get((str(row["pk"]), row["live_revision_id"])) if row["live"] else None
        last = latest.get(row["latest_review_id"])
        rejected = last is not None and last.decision == MedicalReview.REJECTED and not row["in_review"]
        states[row["pk"]] = ReviewState(
            kind=KIND_REVIEWED,
            live=row["live"],
            served=row["pk"] in served,
            approval=approval,
            status=review_status(
                next_review_due=approval.next_review_due, on=on, due_soon_days=review_settings.due_soon_days
            )
            if approval
            else None,
            unreviewed_draft=bool(
                row["latest_revision_id"] and (not row["live"] or row["latest_revision_id"] != row["live_revision_id"])
            )
            and approval is not None,
            awaiting_review=row["in_review"],
            changes_requested=last if rejected else None,
            published_without_review=row["pk"] in unreviewed_live,
        )
    return states


def review_state_of(content: ReviewedContent) -> ReviewState | None:
    """The state of one object (None for one not saved yet)."""
    model = content.specific_class if isinstance(content, Page) else type(content)
    return review_states_for(model=model, ids=[content.pk]).get(content.pk)


def revision_number(*, content: ReviewedContent, revision_id: int) -> int:
    """The revision's place in the object's history (1 for its first), as editors count them."""
    model = content.specific_class if isinstance(content, Page) else type(content)
    return Revision.objects.filter(
        base_content_type=base_content_type_of(model), object_id=str(content.pk), pk__lte=revision_id
    ).count()
