"""Template tags of the reviewer's desk: what an approval records and reaches, and the last decision on content."""

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks

from network.models import MedicalReview, MedicalReviewTask
from network.review import ApprovalOutlook, decisions_on, last_approval_of
from network.review import approval_outlook as outlook_of

register = template.Library()


@register.simple_tag
def approval_outlook(task_state, user) -> ApprovalOutlook | None:
    reviewer = MedicalReviewTask.reviewer_of(user)
    return outlook_of(task_state=task_state, reviewer=reviewer) if reviewer else None


@register.simple_tag
def last_decision(task_state) -> MedicalReview | None:
    """The decision recorded on a task state (what a notification e-mail reports)."""
    if task_state is None:
        return None
    return decisions_on(revision=task_state.revision).filter(task_state_id=task_state.pk).first()


@register.simple_tag
def latest_approval(content) -> MedicalReview | None:
    """The latest approval of the content (what an approval e-mail reports)."""
    revision = getattr(content, "latest_revision", None) if content is not None else None
    return last_approval_of(revision=revision) if revision is not None else None


# What rooms above this one add to the approve step (the API: previews in each clinic's website),
# as HTML each renders itself from its own templates.
APPROVAL_SECTIONS_HOOK = "medical_review_approval_sections"


@register.simple_tag(takes_context=True)
def approval_sections(context, task_state) -> str:
    request = context.get("request")
    return mark_safe(  # noqa: S308 - each hook returns a template it rendered, escaped as templates are
        "".join(section(task_state=task_state, request=request) for section in hooks.get_hooks(APPROVAL_SECTIONS_HOOK))
    )
