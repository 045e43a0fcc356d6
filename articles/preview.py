"""The admin's plain preview of an article (the "Plain text (admin)" preview mode; the default mode
shows the draft in a clinic's own website, ``api.preview_admin``)."""

import nh3
from django.urls import reverse
from wagtail.models import Page
from wagtail.rich_text.rewriters import LinkRewriter

PREVIEW_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h2", "h3", "h4"}


def preview_page_links(attrs_list: list[dict]) -> list[str]:
    """Pages have no address of their own in a headless CMS, so a link to another page points at
    that page's preview in the admin; a link to a page that no longer exists keeps its text."""
    ids = [int(attrs["id"]) if attrs.get("id", "").isdigit() else None for attrs in attrs_list]
    existing = set(Page.objects.filter(pk__in=[pk for pk in ids if pk]).values_list("pk", flat=True))
    return [
        f'<a href="{reverse("wagtailadmin_pages:view_draft", args=(pk,))}?mode=plain">' if pk in existing else "<a>"
        for pk in ids
    ]


def rich_text_for_preview(*, source: str) -> str:
    """Stored rich text as an editor previews it: page links resolved as above, and sanitised,
    since the preview is shown inside the admin and text may come from scripts or imports."""
    html = LinkRewriter(bulk_rules={"page": preview_page_links})(source)
    return nh3.clean(
        html,
        tags=PREVIEW_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
