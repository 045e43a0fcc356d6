"""Template filters of the admin's plain article preview."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.preview import rich_text_for_preview

register = template.Library()


@register.filter
def preview_rich_text(value) -> SafeString:
    """A rich text block's value (or its stored HTML) as the preview shows it."""
    source = getattr(value, "source", value) or ""
    return mark_safe(rich_text_for_preview(source=str(source)))  # noqa: S308 (sanitised by nh3)
