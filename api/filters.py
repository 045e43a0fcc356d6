"""The article list's query parameters, parsed and validated by a django-filter FilterSet into
the selector's typed input (``articles.selectors.ArticleFilters``), which does the filtering.
The FilterSet also documents the parameters in the schema. Every malformed value is a form
error, which the API answers as a 400 naming the parameter.
"""

import datetime
import re

import django_filters
from django import forms
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from articles.models import ArticleCategory, ArticlePage
from articles.selectors import ORDERINGS, SCOPE_CLINIC, SCOPE_SHARED, ArticleFilters
from network.review import STATUS_CURRENT, STATUS_DUE_SOON, STATUS_OVERDUE

# What ``updated_since`` accepts, in the schema and in the field alike: a date, or a date-time
# with optional seconds, fraction and zone (ASCII digits only: Python's \d matches others).
DATE_OR_DATETIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)
EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


class ISODateTimeField(forms.Field):
    """An ISO 8601 date or date-time, as UTC (without a zone it is read as UTC).

    Converted to UTC here: PostgreSQL refuses an offset beyond ±15:59 that Python accepts (up to
    ±23:59). A moment before year 1 or after year 9999 in UTC is clamped to the first or last one
    Python can hold, which selects exactly the same articles."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        # An unencoded "+" in a query string arrives as a space.
        value = value.replace(" ", "+") if "T" in value else value
        invalid = forms.ValidationError("Use an ISO 8601 date or date-time, e.g. 2026-01-31T09:00:00Z.")
        if not re.fullmatch(DATE_OR_DATETIME, value):
            raise invalid
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise invalid from None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=datetime.UTC)
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:
            return EARLIEST if parsed.year == datetime.MINYEAR else LATEST


class DocumentedFilter(django_filters.Filter):
    """A filter documented in the schema as ``schema`` (what its form field accepts) with its help
    text, which drf-spectacular leaves out of a filter whose schema is given."""

    schema: dict = {"type": "string"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extend_schema_field({**self.schema, "description": self.extra.get("help_text", "")})(self)


class ISODateTimeFilter(DocumentedFilter):
    field_class = ISODateTimeField
    schema = {"type": "string", "pattern": DATE_OR_DATETIME, "example": "2026-11-01T00:00:00Z"}


class SlugField(forms.SlugField):
    default_error_messages = {"invalid": "Use a slug: letters, numbers, hyphens and underscores."}


class SlugFilter(DocumentedFilter):
    field_class = SlugField
    schema = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}


SEARCH_MAX_LENGTH = 200


class SearchFilter(DocumentedFilter):
    field_class = forms.CharField
    schema = {"type": "string", "maxLength": SEARCH_MAX_LENGTH}


class ArticleFilterSet(django_filters.FilterSet):
    """Parses the list's parameters; ``articles.selectors.filtered_articles`` applies them."""

    category = SlugFilter(help_text="A category's `slug`, from the list of categories.")
    tag = SlugFilter(help_text="A tag's `slug`, from the list of tags.")
    scope = django_filters.ChoiceFilter(
        choices=[(SCOPE_SHARED, "shared"), (SCOPE_CLINIC, "clinic")],
        help_text="`shared`: from the network library; `clinic`: the clinic's own.",
    )
    updated_since = ISODateTimeFilter(
        help_text="Only articles published (or republished) at or after this ISO 8601 date (`2026-11-01`) or "
        "date-time (`2026-11-01T09:00:00Z`; without a zone, UTC).",
    )
    reviewed_status = django_filters.ChoiceFilter(
        choices=[(STATUS_CURRENT, "current"), (STATUS_DUE_SOON, "due_soon"), (STATUS_OVERDUE, "overdue")],
        help_text="The articles whose medical review has this status today (see `medical_review.status`).",
    )
    search = SearchFilter(
        max_length=SEARCH_MAX_LENGTH,
        help_text="Full-text search of title, summary and body, in the requested locale; results ordered "
        "by relevance unless `ordering` is given.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ORDERINGS],
        help_text="Sort order (`-` for descending): `-last_published_at` by default, `relevance` when searching.",
    )

    class Meta:
        model = ArticlePage
        fields: list[str] = []


def article_filters(query: QueryDict) -> ArticleFilters:
    """The list's filters from the query string: a 400 naming the parameter for a malformed value,
    an unknown category, or ``relevance`` without a search. No filter given: no form to run."""
    if not any(name in ArticleFilterSet.base_filters for name in query):
        return ArticleFilters()
    form = ArticleFilterSet(query, queryset=ArticlePage.objects.none()).form
    if not form.is_valid():
        raise ValidationError(form.errors)
    values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    values["search"] = values.get("search", "").strip()
    if values.get("ordering") == "relevance" and not values["search"]:
        raise ValidationError({"ordering": ["relevance needs a search."]})
    category = values.get("category")
    if category is not None and not ArticleCategory.objects.filter(slug=category).exists():
        raise ValidationError({"category": [f"No category '{category}'."]})
    return ArticleFilters(**values)
