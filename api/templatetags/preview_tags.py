"""Template tags of the admin's preview: the modes a user may pick, the reviewer's preview links."""

from django import template

from .. import preview_admin

register = template.Library()


@register.simple_tag
def preview_modes_for(obj, user) -> list[tuple[str, str]]:
    """The preview modes of the side panel, without clinics the user may not preview as."""
    return preview_admin.modes_for(obj, user)


@register.simple_tag
def review_previews(task_state, user) -> dict:
    """The approval step's preview links (one per clinic showing the revision) and the reviewer's last preview."""
    revision = task_state.revision
    return {
        "links": preview_admin.review_preview_links(revision=revision, user=user),
        "last": preview_admin.last_preview_note(revision=revision, user=user),
        "revision": revision,
    }
