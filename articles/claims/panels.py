"""The claim flags of the article being edited, as an editor panel: the saved draft's (the edit
view's instance is the latest revision's content), so it updates on save. Read-only; imported
by the models, so it reads the article's claims only when it renders."""

from dataclasses import dataclass

from wagtail.admin.panels import Panel

from .checker import SEVERITIES


@dataclass(frozen=True)
class FlagRow:
    """A flag as the panel and the approval step show it, with where it is in the article."""

    sentence: str
    category: str
    severity: str
    why: str
    rule: str
    where: str  # "Block 3 (Paragraph)", "Title", "Summary", or "" for page-level flags


def rows_of(article) -> list[FlagRow]:
    """Every flag of the article, each saying which block its sentence is in."""
    # articles.claims.articles imports the models, which declare the panel (see the docstring).
    from .articles import claims_of_article, texts_of

    report = claims_of_article(article)
    where = {}
    for part in texts_of(article):
        where[part.id] = part.type if part.position is None else f"Block {part.position} ({part.type})"
    rows = [
        FlagRow(
            sentence=flag.sentence,
            category=flag.category.replace("_", " "),
            severity=flag.severity,
            why=flag.why,
            rule=flag.rule,
            where=where.get(flag.block, ""),
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
            where="The whole article",
        )
        for flag in report.page_flags
    ]
    return rows


def flag_rows(article) -> dict:
    """The article's flags grouped by severity (high first): ``{"groups": [(severity, rows)],
    "count": n}``, each row saying which block the sentence is in."""
    rows = rows_of(article)
    groups = [(severity, [row for row in rows if row.severity == severity]) for severity in SEVERITIES]
    return {"groups": [(severity, group) for severity, group in groups if group], "count": len(rows)}


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

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["claims"] = flag_rows(self.instance)
            return context
