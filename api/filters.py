"""Filters of a clinic's article list, as a django-filter FilterSet.

The view puts the clinic, locales and review settings on the request before filtering; every
malformed value is a form error, which the API answers as a 400 naming the parameter.
"""

import datetime
import re

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from wagtail.search.backends import get_search_backend

from articles.models import ArticleCategory, ArticlePage, ArticleTag
from articles.selectors import SCOPE_CLINIC, SCOPE_SHARED
from network.review import STATUS_CURRENT, STATUS_DUE_SOON, STATUS_OVERDUE, today

DEFAULT_ORDERING = "-last_published_at"
ORDERINGS = {
    "-last_published_at": ("-last_published_at", "pk"),
    "last_published_at": ("last_published_at", "pk"),
    "-first_published_at": ("-first_published_at", "pk"),
    "first_published_at": ("first_published_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "pk"),
    "relevance": ("search_rank", "pk"),
}


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
    """Every filter narrows the query without joining rows in (``Exists``), so a page and its
    total count come from one query."""

    category = SlugFilter(method="filter_category", help_text="A category's `slug`, from the list of categories.")
    tag = SlugFilter(method="filter_tag", help_text="A tag's `slug`, from the list of tags.")
    scope = django_filters.ChoiceFilter(
        choices=[(SCOPE_SHARED, "shared"), (SCOPE_CLINIC, "clinic")],
        method="filter_scope",
        help_text="`shared`: from the network library; `clinic`: the clinic's own.",
    )
    updated_since = ISODateTimeFilter(
        field_name="last_published_at",
        lookup_expr="gte",
        help_text="Only articles published (or republished) at or after this ISO 8601 date (`2026-11-01`) or "
        "date-time (`2026-11-01T09:00:00Z`; without a zone, UTC).",
    )
    reviewed_status = django_filters.ChoiceFilter(
        choices=[(STATUS_CURRENT, "current"), (STATUS_DUE_SOON, "due_soon"), (STATUS_OVERDUE, "overdue")],
        method="filter_reviewed_status",
        help_text="The articles whose medical review has this status today (see `medical_review.status`).",
    )
    search = SearchFilter(
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Full-text search of title, summary and body, in the requested locale; results ordered "
        "by relevance unless `ordering` is given.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ORDERINGS],
        method="filter_ordering",
        help_text="Sort order (`-` for descending): `-last_published_at` by default, `relevance` when searching.",
    )

    class Meta:
        model = ArticlePage
        fields: list[str] = []

    def filter_category(self, queryset, name, value):
        keys = ArticleCategory.objects.filter(slug=value).values_list("translation_key", flat=True)
        if not keys:
            raise forms.ValidationError({"category": f"No category '{value}'."})
        in_category = ArticlePage.categories.through.objects.filter(
            articlepage_id=OuterRef("pk"), articlecategory__translation_key__in=list(keys)
        )
        return queryset.filter(Exists(in_category))

    def filter_tag(self, queryset, name, value):
        return queryset.filter(Exists(ArticleTag.objects.filter(content_object_id=OuterRef("pk"), tag__slug=value)))

    def filter_scope(self, queryset, name, value):
        # On the tree paths rather than the ``scope`` annotation: PostgreSQL estimates a path
        # prefix well, and a CASE expression not at all (it then sorts every served article).
        homes = [self.request.clinic.homes.get(locale.pk) for locale in self.request.locales]
        in_clinic_tree = Q()
        for home in homes:
            if home is not None:
                in_clinic_tree |= Q(path__startswith=home.path)
        if value == SCOPE_CLINIC:
            return queryset.filter(in_clinic_tree) if in_clinic_tree else queryset.none()
        return queryset.exclude(in_clinic_tree) if in_clinic_tree else queryset

    def filter_reviewed_status(self, queryset, name, value):
        on = today()
        soon = on + datetime.timedelta(days=self.request.review_settings.due_soon_days)
        if value == STATUS_OVERDUE:
            return queryset.filter(next_review_due__lt=on)
        if value == STATUS_DUE_SOON:
            return queryset.filter(next_review_due__gte=on, next_review_due__lte=soon)
        return queryset.filter(next_review_due__gt=soon)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        backend = get_search_backend()
        if connection.vendor == "postgresql" and hasattr(backend, "config"):
            return self.search_in_database(queryset, value, config=backend.config)
        # Other databases (SQLite on a laptop): the search backend ranks, the gate keeps what the
        # clinic serves, and the newest API_SEARCH_RESULTS of those are answered, as on PostgreSQL.
        # The backend quotes each word for FTS5 without doubling a '"' in it (an unmatched one is
        # an FTS5 syntax error); FTS5 does not index '"', so dropping it changes no match.
        words = value.replace('"', " ").split()
        candidates = ArticlePage.objects.live().filter(locale_id__in=[locale.pk for locale in self.request.locales])
        found = backend.search(" ".join(words), candidates.only("pk"), operator="and") if words else []
        ranked = [article.pk for article in found]
        newest = queryset.filter(pk__in=ranked).order_by("-last_published_at", "-pk").values_list("pk", flat=True)
        kept = set(newest[: settings.API_SEARCH_RESULTS])
        ranked = [pk for pk in ranked if pk in kept]
        if not ranked:
            return queryset.none().annotate(search_rank=Value(0, output_field=IntegerField()))
        rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], output_field=IntegerField())
        return queryset.filter(pk__in=ranked).annotate(search_rank=rank)

    @staticmethod
    def search_in_database(queryset, value, *, config):
        """PostgreSQL: match and rank against the search index entries in the same query as the
        gate, the filters and the page, so only the clinic's served articles are ranked.

        The results are the newest ``API_SEARCH_RESULTS`` matching articles, ranked by relevance:
        a word that every article contains costs the same at 1,000 articles as at 100,000, where
        ranking every match would grow with the network."""
        query = SearchQuery(value, search_type="websearch", config=config)
        matches = Q(index_entries__title=query) | Q(index_entries__body=query)
        newest = queryset.filter(matches).order_by("-last_published_at", "-pk").values("pk")
        title, body = F("index_entries__title"), F("index_entries__body")
        return queryset.filter(pk__in=newest[: settings.API_SEARCH_RESULTS]).annotate(
            search_rank=-(SearchRank(title, query) * 2 + SearchRank(body, query))
        )

    def filter_ordering(self, queryset, name, value):
        return queryset  # applied by ``ordered`` once every filter has run

    def ordered(self, queryset):
        """The requested order; relevance when searching without one; newest first otherwise."""
        searching = bool(self.form.cleaned_data.get("search", "").strip())
        choice = self.form.cleaned_data.get("ordering") or ("relevance" if searching else DEFAULT_ORDERING)
        if choice == "relevance" and not searching:
            raise forms.ValidationError({"ordering": "relevance needs a search."})
        return queryset.order_by(*ORDERINGS[choice])


def filter_articles(request, articles):
    """The articles the request's filters select, the same in the requested order, and whether
    the list is plain (no filter, the default order: most requests). A plain list skips the
    FilterSet's form."""
    if not any(name in ArticleFilterSet.base_filters for name in request.query_params):
        return articles, articles.order_by(*ORDERINGS[DEFAULT_ORDERING]), True
    filterset = ArticleFilterSet(request.query_params, queryset=articles, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs, filterset.ordered(filterset.qs), False
