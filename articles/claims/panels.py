"""The claim flags of the article being edited, as an editor panel: first the saved draft's (the
edit view's instance is the latest revision's content), then, as the editor types, those of the
form as it stands (``articles/static/articles/claims_panel.js`` posts the form to
``ClaimsCheckView`` when it changes). Read-only; imported by the models, so it reads the
article's claims only when it renders."""

import threading
from dataclasses import dataclass

from cachetools import LRUCache
from django.urls import reverse
from wagtail.admin.panels import Panel
from wagtail.models import Page

from .checker import SEVERITIES

# The flags of texts already checked, by what was checked (the texts, their language, whether a
# disclaimer is attached): an edit view opened again, or a form posted unchanged, costs no check.
CHECKED: LRUCache = LRUCache(maxsize=1024)
CHECKED_LOCK = threading.Lock()


@dataclass(frozen=True)
class FlagRow:
    """A flag as the panel and the approval step show it, with where it is in the article."""

    sentence: str
    category: str
    severity: str
    why: str
    rule: str
    source: str  # "rule en.hype", "the classifier"
    where: str  # "Block 3 (Paragraph)", "Title", "Summary", or "The whole article"
    block: str = ""  # the body block's id, "title" or "summary": what the flag links to in the form


def rows_of(content) -> list[FlagRow]:
    """Every flag of the article (or local text), each saying which block its sentence is in."""
    # articles.claims.articles imports the models, which declare the panel (see the docstring).
    from .articles import checked_as, claims_of_content, texts_of_content

    key = checked_as(content)
    with CHECKED_LOCK:
        held = CHECKED.get(key)
    if held is not None:
        return list(held)
    report = claims_of_content(content)
    where = {}
    for part in texts_of_content(content):
        where[part.id] = part.type if part.position is None else f"Block {part.position} ({part.type})"
    rows = [
        FlagRow(
            sentence=flag.sentence,
            category=flag.category.replace("_", " "),
            severity=flag.severity,
            why=flag.why,
            rule=flag.rule,
            source=flag.source,
            where=where.get(flag.block, ""),
            block=flag.block,
        )
        for flag in report.flags
    ]
    rows += [
        FlagRow(
            sentence="",
            category=flag.category.replace("_", " "),
            severity=flag.severity,
            why=flag.why,
            rule=flag.rule,
            source=f"rule {flag.rule}",
            where="The whole article",
        )
        for flag in report.page_flags
    ]
    with CHECKED_LOCK:
        CHECKED[key] = tuple(rows)
    return rows


def flag_rows(content) -> dict:
    """The flags grouped by severity (high first): ``{"groups": [(severity, rows)], "count": n}``,
    each row saying which block the sentence is in."""
    from .checker import classifier

    rows = rows_of(content)
    groups = [(severity, [row for row in rows if row.severity == severity]) for severity in SEVERITIES]
    return {
        "groups": [(severity, group) for severity, group in groups if group],
        "count": len(rows),
        "classifier_unavailable": classifier() is None,
    }


class ClaimsPanel(Panel):
    """The sentences of the saved draft a medical reviewer would question, and why."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Claim checks")
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "claims"

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/claims/panel.html"

        def check_url(self) -> str:
            """Where the panel posts the form to check it as the editor types (articles; a
            local text is checked as saved)."""
            if not isinstance(self.instance, Page):
                return ""
            if self.instance.pk is not None:
                return reverse("articles_check_claims", args=(self.instance.pk,))
            parent = getattr(self.form, "parent_page", None)
            return reverse("articles_check_new_claims", args=(parent.pk,)) if parent is not None else ""

        def is_shown(self):
            # A local text is checked once saved (it needs its article to know the language).
            return (isinstance(self.instance, Page) or self.instance.pk is not None) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["claims"] = flag_rows(self.instance)
            context["check_url"] = self.check_url()
            context["saved"] = self.instance.pk is not None
            context["link_blocks"] = True
            return context
