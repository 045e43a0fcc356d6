"""Reads: which articles a clinic serves, in which locale, and from where.

Every read of delivered articles starts from ``served_in`` (the medical-review gate and the
clinic's trees), for an ``Audience``: this is the one place that decides what a clinic's website
may receive. The selectors are functions of their keyword arguments alone, so the speed layer
(``network.speed``) keys their built and prepared queries and cached values by those arguments.
"""

import dataclasses
import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.html import strip_tags
from taggit.models import Tag
from wagtail.blocks import RichTextBlock
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from clinics.models import ContactBlock
from clinics.selectors import ContactDetails, contact_details_for
from clinics.structure import ClinicProfile, LocaleRef, TreeRoot, network_structure
from network.models import DeliverySettings, Disclaimer, ReviewSettings
from network.review import (
    STATUS_DUE_SOON,
    STATUS_OVERDUE,
    Reach,
    ServedReview,
    image_fingerprints,
    review_status,
    served_review_of,
    served_with_review,
    today,
)
from network.selectors import ServedDisclaimer, delivery_settings, review_settings, served_disclaimer
from network.speed import tags
from network.speed.cache import cached_by_arguments
from network.speed.prepared import held_query, prepared

from .images import ServedImage, served_images
from .links import linked_page_ids, page_translation_keys
from .models import ArticleCategory, ArticlePage, ArticleTag, LocalArticleText, SharedArticleOverride

SCOPE_SHARED = "shared"
SCOPE_CLINIC = "clinic"


def hidden_translation_keys_for(*, clinic_id: int) -> QuerySet:
    return SharedArticleOverride.objects.filter(clinic_id=clinic_id, hidden=True).values("article__translation_key")


@cached_by_arguments(tags=lambda clinic_id: [tags.clinic(clinic_id)])
def pinned_translation_keys(*, clinic_id: int) -> tuple[uuid.UUID, ...]:
    """The shared articles the clinic pinned, in the clinic's order: first in its lists. A clinic
    pins a handful, so its lists read them apart from the rest (``article_list``)."""
    pins = SharedArticleOverride.objects.filter(clinic_id=clinic_id, pinned=True, hidden=False)
    keys = pins.order_by("pin_order", "pk").values_list("article__translation_key", flat=True)
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class Audience:
    """Whom an answer is for: a clinic's website, read in ``locale`` (with the default locale's
    version where no approved translation exists, if ``fallback``), under the review rules in
    force on ``on``. Everything a served query is made of: the selectors read nothing else."""

    clinic: ClinicProfile
    locale: LocaleRef
    fallback: bool
    default_locale: LocaleRef
    libraries: dict[int, TreeRoot]
    review_settings: ReviewSettings
    on: datetime.date

    @property
    def locales(self) -> list[LocaleRef]:
        """The locales whose versions the answer may show: the requested one, then the default."""
        if not self.fallback or self.locale.pk == self.default_locale.pk:
            return [self.locale]
        return [self.locale, self.default_locale]


def audience_for(*, clinic: ClinicProfile, locale: LocaleRef, fallback: bool = True) -> Audience:
    """The audience of a request today, from the cached network structure and review settings."""
    structure = network_structure()
    return Audience(
        clinic=clinic,
        locale=locale,
        fallback=fallback,
        default_locale=structure.default_locale,
        libraries=structure.libraries,
        review_settings=review_settings(),
        on=today(),
    )


@held_query
def served_in(
    *,
    clinic: ClinicProfile,
    locales: list[LocaleRef],
    libraries: dict[int, TreeRoot],
    review_settings: ReviewSettings,
    on: datetime.date,
    details: bool = False,
) -> QuerySet[ArticlePage]:
    """Every article the clinic serves in any of ``locales``: under its home or the shared library
    of that locale, not hidden by the clinic, live with an approved live revision (overdue ones
    withheld if the network says so). One query; annotated with ``scope``, ``medical_review_id``,
    ``next_review_due`` (and the approval joined in, with ``details``)."""
    in_trees, in_clinic_tree = Q(), Q()
    for each in locales:
        home = clinic.homes.get(each.pk)
        if home is not None:
            in_clinic_tree |= Q(path__startswith=home.path)
        for root in (home, libraries.get(each.pk)):
            if root is not None:
                in_trees |= Q(locale_id=each.pk, path__startswith=root.path, depth__gt=root.depth)
    if not in_trees:
        return ArticlePage.objects.none()
    scope: Value | Case = Value(SCOPE_SHARED, output_field=CharField())
    if in_clinic_tree:
        scope = Case(
            When(in_clinic_tree, then=Value(SCOPE_CLINIC)), default=Value(SCOPE_SHARED), output_field=CharField()
        )
    articles = (
        ArticlePage.objects.filter(in_trees)
        .exclude(translation_key__in=hidden_translation_keys_for(clinic_id=clinic.pk))
        .annotate(scope=scope)
    )
    return served_with_review(articles, review_settings=review_settings, on=on, details=details)


def served_to(audience: Audience, *, locales: list[LocaleRef], details: bool = False) -> QuerySet[ArticlePage]:
    """``served_in`` for the audience's clinic and rules, in ``locales``."""
    return served_in(
        clinic=audience.clinic,
        locales=locales,
        libraries=audience.libraries,
        review_settings=audience.review_settings,
        on=audience.on,
        details=details,
    )


@held_query
def articles_for(*, audience: Audience, details: bool = False) -> QuerySet[ArticlePage]:
    """The articles the audience may read, one version each: in its locale, or (with fallback)
    in the default locale where the clinic serves no approved translation; each row's ``locale``
    says which was served."""
    served = served_to(audience, locales=audience.locales, details=details)
    if len(audience.locales) == 1:
        return served
    preferred = served_to(audience, locales=[audience.locale]).values("translation_key")
    return served.exclude(Q(locale_id=audience.default_locale.pk) & Q(translation_key__in=preferred))


# Article lists: filters, search, order, pages.

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


@dataclass(frozen=True)
class ArticleFilters:
    """What a list asks for, parsed and validated by the API (``api.filters``). Empty: every
    served article, newest first."""

    category: str | None = None  # a category's slug, in any locale
    tag: str | None = None
    scope: str | None = None  # SCOPE_SHARED or SCOPE_CLINIC
    updated_since: datetime.datetime | None = None
    reviewed_status: str | None = None  # STATUS_CURRENT, STATUS_DUE_SOON or STATUS_OVERDUE
    search: str = ""
    ordering: str | None = None  # a key of ORDERINGS; relevance only with a search
    # Set by ``article_list`` for the clinic's pins, never from the query string.
    only_keys: tuple[uuid.UUID, ...] | None = None  # these translation keys only
    except_keys: tuple[uuid.UUID, ...] = ()  # all but these

    @property
    def order(self) -> tuple[str, ...]:
        return ORDERINGS[self.ordering or ("relevance" if self.search else DEFAULT_ORDERING)]


def filtered_articles(*, audience: Audience, filters: ArticleFilters, details: bool = False) -> QuerySet[ArticlePage]:
    """The audience's articles that the filters select, in the requested order. Every filter
    narrows the query without joining rows in (``Exists``), so the list's rows stay one per article."""
    articles = articles_for(audience=audience, details=details)
    if filters.category is not None:
        keys = ArticleCategory.objects.filter(slug=filters.category).values("translation_key")
        in_category = ArticlePage.categories.through.objects.filter(
            articlepage_id=OuterRef("pk"), articlecategory__translation_key__in=keys
        )
        articles = articles.filter(Exists(in_category))
    if filters.tag is not None:
        tagged = ArticleTag.objects.filter(content_object_id=OuterRef("pk"), tag__slug=filters.tag)
        articles = articles.filter(Exists(tagged))
    if filters.scope is not None:
        articles = in_scope(articles, audience=audience, scope=filters.scope)
    if filters.updated_since is not None:
        articles = articles.filter(last_published_at__gte=filters.updated_since)
    if filters.reviewed_status is not None:
        articles = with_review_status(articles, audience=audience, status=filters.reviewed_status)
    if filters.only_keys is not None:
        articles = articles.filter(translation_key__in=filters.only_keys)
    if filters.except_keys:
        articles = articles.exclude(translation_key__in=filters.except_keys)
    if filters.search:
        articles = searched(articles, audience=audience, words=filters.search)
    return articles.order_by(*filters.order)


def in_scope(articles: QuerySet, *, audience: Audience, scope: str) -> QuerySet:
    """The clinic's own articles, or the shared ones. On the tree paths rather than the ``scope``
    annotation: PostgreSQL estimates a path prefix well, and a CASE expression not at all (it
    then sorts every served article)."""
    in_clinic_tree = Q()
    for locale in audience.locales:
        home = audience.clinic.homes.get(locale.pk)
        if home is not None:
            in_clinic_tree |= Q(path__startswith=home.path)
    if scope == SCOPE_CLINIC:
        return articles.filter(in_clinic_tree) if in_clinic_tree else articles.none()
    return articles.exclude(in_clinic_tree) if in_clinic_tree else articles


def with_review_status(articles: QuerySet, *, audience: Audience, status: str) -> QuerySet:
    on = audience.on
    soon = on + datetime.timedelta(days=audience.review_settings.due_soon_days)
    if status == STATUS_OVERDUE:
        return articles.filter(next_review_due__lt=on)
    if status == STATUS_DUE_SOON:
        return articles.filter(next_review_due__gte=on, next_review_due__lte=soon)
    return articles.filter(next_review_due__gt=soon)


def searched(articles: QuerySet, *, audience: Audience, words: str) -> QuerySet:
    """The articles matching ``words``, annotated with ``search_rank`` (lower ranks first): the
    newest ``API_SEARCH_RESULTS`` matching articles, ranked by relevance. A word that every
    article contains then costs the same at 1,000 articles as at 100,000, where ranking every
    match would grow with the network."""
    backend = get_search_backend()
    if connection.vendor == "postgresql" and hasattr(backend, "config"):
        # Matched and ranked against the search index entries in the same query as the gate,
        # the filters and the page, so only the clinic's served articles are ranked.
        query = SearchQuery(words, search_type="websearch", config=backend.config)
        matches = Q(index_entries__title=query) | Q(index_entries__body=query)
        newest = articles.filter(matches).order_by("-last_published_at", "-pk").values("pk")
        title, body = F("index_entries__title"), F("index_entries__body")
        return articles.filter(pk__in=newest[: settings.API_SEARCH_RESULTS]).annotate(
            search_rank=-(SearchRank(title, query) * 2 + SearchRank(body, query))
        )
    # Other databases (SQLite on a laptop): the search backend ranks, the gate keeps what the
    # clinic serves. The backend quotes each word for FTS5 without doubling a '"' in it (an
    # unmatched one is an FTS5 syntax error); FTS5 does not index '"', so dropping it changes no match.
    terms = words.replace('"', " ").split()
    candidates = ArticlePage.objects.live().filter(locale_id__in=[locale.pk for locale in audience.locales])
    found = backend.search(" ".join(terms), candidates.only("pk"), operator="and") if terms else []
    ranked = [article.pk for article in found]
    newest = articles.filter(pk__in=ranked).order_by("-last_published_at", "-pk").values_list("pk", flat=True)
    kept = set(newest[: settings.API_SEARCH_RESULTS])
    ranked = [pk for pk in ranked if pk in kept]
    if not ranked:
        return articles.none().annotate(search_rank=Value(0, output_field=IntegerField()))
    rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], output_field=IntegerField())
    return articles.filter(pk__in=ranked).annotate(search_rank=rank)


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """An article as a list shows it."""

    id: int
    slug: str
    title: str
    summary: str
    locale: str
    scope: str
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    translation_key: uuid.UUID  # the article in every locale
    medical_review: ServedReview | None  # None only in a preview of a revision no reviewer approved
    pinned: bool = False  # by the clinic: first in its lists


# Each card attribute, or the served review's, and the column it is read from.
CARD_COLUMNS = {
    "id": "id",
    "slug": "slug",
    "title": "title",
    "summary": "summary",
    "locale": "locale__language_code",
    "scope": "scope",
    "first_published_at": "first_published_at",
    "last_published_at": "last_published_at",
    "translation_key": "translation_key",
}
REVIEW_COLUMNS = {
    "reviewer_name": "live_review__reviewer_name",
    "reviewer_credentials": "live_review__reviewer_credentials",
    "reviewer_job_title": "live_review__reviewer_job_title",
    "reviewed_at": "live_review__reviewed_at",
    "next_review_due": "next_review_due",
}


def article_cards(
    *, audience: Audience, filters: ArticleFilters, start: int, size: int, pinned: bool = False
) -> list[ArticleCard]:
    """One page of the audience's filtered articles as cards, read straight from the rows (a page
    of 100 model instances would cost most of the request). A search's query differs with every
    search and reads the search settings, so only the other lists run as prepared statements."""
    rows = card_rows if not filters.search else card_rows.__wrapped__
    due_soon_days = audience.review_settings.due_soon_days
    cards = []
    for row in rows(audience=audience, filters=filters, start=start, size=size):
        card = dict(zip(CARD_COLUMNS, row, strict=False))
        review = dict(zip(REVIEW_COLUMNS, row[len(CARD_COLUMNS) :], strict=True))
        status = review_status(next_review_due=review["next_review_due"], on=audience.on, due_soon_days=due_soon_days)
        cards.append(ArticleCard(**card, medical_review=ServedReview(**review, status=status), pinned=pinned))
    return cards


@prepared()
def card_rows(*, audience: Audience, filters: ArticleFilters, start: int, size: int) -> QuerySet:
    """The rows of ``article_cards``. The limit and offset are written into the statement (as
    Django writes them), not parameters: a generic plan would guess them (10% of the rows) and
    pick a parallel sort of the whole list."""
    articles = filtered_articles(audience=audience, filters=filters, details=True)
    return articles.values_list(*CARD_COLUMNS.values(), *REVIEW_COLUMNS.values())[start : start + size]


@dataclass(frozen=True)
class ArticleList:
    count: int  # in all pages
    cards: list[ArticleCard]  # of the page asked for


def article_list(*, audience: Audience, filters: ArticleFilters, number: int, size: int) -> ArticleList:
    """Page ``number`` (of ``size`` cards) of the audience's filtered articles, and their count.
    In the default order, the clinic's pinned articles that the filters select come first, in the
    clinic's order, then the others newest first; an ``ordering`` asked for, or a search's
    relevance, orders them all alike (a front-end's A-Z index stays A-Z)."""
    start = (number - 1) * size
    pins = pinned_translation_keys(clinic_id=audience.clinic.pk)
    if not pins or filters.search or filters.ordering:
        count = article_count(audience=audience, filters=filters)
        cards = article_cards(audience=audience, filters=filters, start=start, size=size) if start < count else []
        cards = [dataclasses.replace(card, pinned=True) if card.translation_key in pins else card for card in cards]
        return ArticleList(count=count, cards=cards)
    pinned = pinned_cards(audience=audience, filters=filters, pins=pins)
    others = dataclasses.replace(filters, except_keys=pins)
    count = len(pinned) + article_count(audience=audience, filters=others)
    cards = pinned[start : start + size]
    others_start = max(0, start - len(pinned))
    if len(cards) < size and len(pinned) + others_start < count:
        cards += article_cards(audience=audience, filters=others, start=others_start, size=size - len(cards))
    return ArticleList(count=count, cards=cards)


def pinned_cards(*, audience: Audience, filters: ArticleFilters, pins: tuple[uuid.UUID, ...]) -> list[ArticleCard]:
    """The pinned articles the filters select, as cards in the clinic's pin order."""
    chosen = dataclasses.replace(filters, only_keys=pins)
    cards = article_cards(audience=audience, filters=chosen, start=0, size=len(pins), pinned=True)
    order = {key: index for index, key in enumerate(pins)}
    return sorted(cards, key=lambda card: order[card.translation_key])


@cached_by_arguments(tags=lambda audience, filters: tags.clinic_content(audience.clinic.pk))
def article_count(*, audience: Audience, filters: ArticleFilters) -> int:
    """How many articles the filtered list holds, cached until the clinic's content changes (the
    audience's date is part of the key: review status and overdue articles change at midnight)."""
    return filtered_articles(audience=audience, filters=filters).count()


# One article.


def article_for(*, audience: Audience, slug: str) -> ArticlePage | None:
    """One article by slug as the audience reads it: the clinic's own wins over a shared one; a
    default-locale slug leads to the translation in the audience's locale; with fallback, the
    default-locale version when that locale has no approved one. One query, a prepared statement
    for every slug."""
    default, locale = audience.default_locale, audience.locale
    versions = article_versions(audience=audience, slug=slug)
    # Of those: the ones with the slug, and the requested locale's translation of a served
    # default-locale article with the slug.
    by_default_slug = {v.translation_key for v in versions if v.locale_id == default.pk and v.slug == slug}
    candidates = [
        v for v in versions if v.slug == slug or (v.locale_id == locale.pk and v.translation_key in by_default_slug)
    ]
    found = sorted(candidates, key=lambda article: (article.locale_id != locale.pk, article.scope != SCOPE_CLINIC))
    if not found or (found[0].locale_id != locale.pk and not audience.fallback):
        return None
    return found[0]


@prepared(holes={"slug": str}, instances=True)
def article_versions(*, audience: Audience, slug: str) -> QuerySet[ArticlePage]:
    """Every served version of an article that has this slug in the audience's locale or the
    default one: found through the slug and translation-key indexes (an OR of the two rules of
    ``article_for`` would scan every page)."""
    locales = (
        [audience.locale, audience.default_locale] if audience.locale != audience.default_locale else [audience.locale]
    )
    served = served_to(audience, locales=locales, details=True)
    slugs = Page.objects.filter(slug=slug, locale_id__in=[each.pk for each in locales])
    return served.filter(translation_key__in=slugs.values("translation_key")).select_related("locale")


@dataclass(frozen=True)
class Term:
    slug: str
    name: str


@dataclass(frozen=True)
class Terms:
    categories: tuple[Term, ...]  # named in the article's locale where a translation exists
    tags: tuple[str, ...]


@cached_by_arguments(tags=lambda **arguments: [tags.TAXONOMY])
def terms_of(*, article_id: int, live_revision_id: int, locale_id: int) -> Terms:
    """The live article's categories and tags. They change only when the article is published (a
    new live revision) or a category or tag changes, so they are cached by live revision, once for
    every clinic that serves the article."""
    categories = categories_of(article_id=article_id, locale_id=locale_id)
    names = ArticleTag.objects.filter(content_object_id=article_id).values_list("tag__name", flat=True)
    return Terms(
        categories=tuple(Term(slug=category.slug, name=category.name) for category in categories),
        tags=tuple(sorted(names)),
    )


@dataclass(frozen=True)
class Translation:
    locale: str
    slug: str
    title: str


@dataclass(frozen=True)
class ServedLocalText:
    """A clinic's approved local text of a shared article (or, in a preview, its draft), as stored
    (its links resolved on the way out)."""

    id: int
    introduction: str  # rich text, may be empty
    call_to_action: str  # may be empty
    medical_review: ServedReview | None  # None only in a preview of a revision no reviewer approved

    @property
    def has_introduction(self) -> bool:
        return bool(strip_tags(self.introduction).strip())

    @property
    def has_call_to_action(self) -> bool:
        return bool(self.call_to_action.strip())


@cached_by_arguments(tags=lambda **arguments: [tags.clinic(arguments["clinic_id"])])
def served_local_text(
    *, clinic_id: int, article_id: int, review_settings: ReviewSettings, on: datetime.date
) -> ServedLocalText | None:
    """The clinic's local text of the article (one locale's version) whose live revision a medical
    reviewer approved; never a draft or an unreviewed edit. Cached until the clinic changes."""
    texts = LocalArticleText.objects.filter(clinic_id=clinic_id, article_id=article_id)
    text = served_with_review(texts, review_settings=review_settings, on=on, details=True).first()
    if text is None:
        return None
    return ServedLocalText(
        id=text.pk,
        introduction=text.introduction,
        call_to_action=text.call_to_action,
        medical_review=served_review_of(text, review_settings=review_settings, on=on),
    )


@dataclass(frozen=True)
class ServedOverride:
    """What the requesting clinic changed of a shared article."""

    pinned: bool
    local_text: ServedLocalText | None
    shows_call_to_action: bool = False  # the contact block carries the local call to action


@dataclass(frozen=True)
class LocalIntroduction:
    """The clinic's local introduction, read like a body block: first in the served body."""

    value: RichText
    id: str
    block_type = "local_introduction"
    block = RichTextBlock()


@dataclass(frozen=True)
class ArticleReading:
    """Everything an article's page shows to an audience, read before anything is rendered."""

    audience: Audience
    article: ArticlePage  # served (with its approval, ``live_review``) or a previewed draft; with its locale
    card: ArticleCard  # the article as a list shows it
    terms: Terms
    body: tuple  # the body's blocks that are served (see ``reading_of``)
    images: dict[int, ServedImage]  # the body's images that may be shown, by id
    image_ids: frozenset[int]  # every image the body names, shown or not
    contact: ContactDetails | None  # the clinic's, in the audience's locale (else its default)
    disclaimer: ServedDisclaimer | None
    link_slugs: dict[int, str]  # linked page id -> its slug where the clinic serves it in the article's locale
    linked_translation_keys: frozenset[str]  # every page the body and disclaimer link to, served or not
    translations: tuple[Translation, ...]  # the clinic's approved versions in its other locales
    delivery_settings: DeliverySettings
    override: ServedOverride | None  # the clinic's, of a shared article: None where it changed nothing

    def __getattr__(self, name: str):
        """A reading reads like its card (``id``, ``slug``, ``medical_review`` ...): the detail
        shape is the list item's and more."""
        if name in ArticleCard.__dataclass_fields__:
            return getattr(self.card, name)
        raise AttributeError(name)


def article_reading(
    *, audience: Audience, slug: str, local_text: ServedLocalText | None = None
) -> ArticleReading | None:
    """The article the audience reads under ``slug`` (``article_for``) with everything its page
    shows (``reading_of``); with ``local_text`` (a preview of the clinic's draft local text of a
    shared article), that text in place of the clinic's approved one."""
    article = article_for(audience=audience, slug=slug)
    if article is None:
        return None
    override = override_of(audience=audience, article=article)
    if local_text is not None and article.scope == SCOPE_SHARED:
        override = ServedOverride(pinned=override is not None and override.pinned, local_text=local_text)
    return reading_of(
        audience=audience,
        article=article,
        medical_review=served_review_of(article, review_settings=audience.review_settings, on=audience.on),
        terms=terms_of(article_id=article.pk, live_revision_id=article.live_revision_id, locale_id=article.locale_id),
        override=override,
        approved_files=article.live_review.image_files,  # type: ignore[union-attr] # served: its approval is joined in
    )


def draft_reading(
    *,
    audience: Audience,
    draft: ArticlePage,
    scope: str,
    medical_review: ServedReview | None,
    approved_files: dict[str, str] | None,
) -> ArticleReading:
    """A draft of an article (a revision, or unsaved changes, on the saved page) as the audience's
    clinic would show it: read by ``reading_of`` like a served article, with the clinic's
    published contact block, its approved disclaimer and links to what it serves. Its categories
    and tags are the draft's. Its pictures: for an approved revision, those its approval
    fingerprinted (``approved_files``, as delivery would show them); else the draft's files as
    they are, as an approval would take them."""
    draft.scope = scope
    return reading_of(
        audience=audience,
        article=draft,
        medical_review=medical_review,
        terms=terms_of_draft(draft),
        override=override_of(audience=audience, article=draft),
        approved_files=approved_files if approved_files is not None else image_fingerprints(content=draft),
    )


def terms_of_draft(draft: ArticlePage) -> Terms:
    """A draft's categories (named in its locale where a translation exists) and tags, as it holds them."""
    own = ArticleCategory.objects.filter(pk__in=[category.pk for category in draft.categories.all()])
    categories = categories_named(own, locale_id=draft.locale_id)
    return Terms(
        categories=tuple(Term(slug=category.slug, name=category.name) for category in categories),
        tags=tuple(
            sorted(
                Tag.objects.filter(pk__in=[item.tag_id for item in draft.tagged_items.all()]).values_list(
                    "name", flat=True
                )
            )
        ),
    )


def reading_of(
    *,
    audience: Audience,
    article: ArticlePage,
    medical_review: ServedReview | None,
    terms: Terms,
    override: ServedOverride | None,
    approved_files: dict[str, str],
) -> ArticleReading:
    """Everything the article's page shows to the audience. An image block is left out when its
    picture is not the one approved (``approved_files``: its file replaced since) or its file is
    missing from storage; a contact placeholder when the clinic has no published contact block to
    fill it with."""
    disclaimer = None
    if article.disclaimer_id is not None:
        disclaimer = served_disclaimer(
            disclaimer_id=article.disclaimer_id,
            locale_id=article.locale_id,
            default_locale_id=audience.default_locale.pk,
            review_settings=audience.review_settings,
            on=audience.on,
        )
    # The reader's locale, also when the article text falls back to another: a Spanish-speaking
    # patient reaches the Spanish line.
    contact = contact_details_for(clinic_id=audience.clinic.pk, locale_id=audience.locale.pk)
    local = override.local_text if override is not None else None
    # The local call to action is in the article's language: it replaces the contact block's only
    # where that block is in the same language (a Spanish reader of an English fallback keeps the
    # Spanish call to action of the Spanish contact block).
    if (
        override is not None
        and contact is not None
        and local is not None
        and local.has_call_to_action
        and contact.locale == article.locale.language_code
    ):
        contact = dataclasses.replace(contact, call_to_action=local.call_to_action)
        override = dataclasses.replace(override, shows_call_to_action=True)
    named = [child.value["image"] for child in article.body if child.block_type == "image"]
    images = served_images([image for image in named if image is not None], approved_files=approved_files)

    def served(child) -> bool:
        if child.block_type == "image":
            return child.value["image"] is not None and child.value["image"].pk in images
        return child.block_type != "contact" or contact is not None

    page_keys = page_translation_keys(
        linked_page_ids(
            [str(article.body.raw_data), disclaimer.body if disclaimer else "", local.introduction if local else ""]
        )
    )
    article_locale = LocaleRef(pk=article.locale_id, language_code=article.locale.language_code)
    locales = {**{locale.pk: locale for locale in audience.clinic.locales}, article.locale_id: article_locale}
    versions = served_versions(
        audience=audience,
        locales=list(locales.values()),
        translation_keys={article.translation_key, *page_keys.values()},
    )
    served_slugs = {key: slug for key, locale_id, slug, _ in versions if locale_id == article.locale_id}
    codes = {locale.pk: locale.language_code for locale in audience.clinic.locales}
    translations = sorted(
        (codes[locale_id], slug, title)
        for key, locale_id, slug, title in versions
        if key == article.translation_key and locale_id != article.locale_id and locale_id in codes
    )
    return ArticleReading(
        audience=audience,
        article=article,
        card=ArticleCard(
            id=article.pk,
            slug=article.slug,
            title=article.title,
            summary=article.summary,
            locale=article.locale.language_code,
            scope=article.scope,
            first_published_at=article.first_published_at,
            last_published_at=article.last_published_at,
            translation_key=article.translation_key,
            medical_review=medical_review,
            pinned=override is not None and override.pinned,
        ),
        terms=terms,
        body=(
            *local_introduction(local),
            *(child for child in article.body if served(child)),
        ),
        images=images,
        image_ids=frozenset(image.pk for image in named if image is not None),
        contact=contact,
        disclaimer=disclaimer,
        link_slugs={pk: served_slugs[key] for pk, key in page_keys.items() if key in served_slugs},
        linked_translation_keys=frozenset(str(key) for key in page_keys.values()),
        translations=tuple(Translation(*each) for each in translations),
        delivery_settings=delivery_settings(),
        override=override,
    )


def override_of(*, audience: Audience, article: ArticlePage) -> ServedOverride | None:
    """The audience's clinic's override of a shared article: its pin, and its approved local text
    of the version served (in the locale served, so the text is in the article's language)."""
    if article.scope != SCOPE_SHARED:
        return None
    pinned = article.translation_key in pinned_translation_keys(clinic_id=audience.clinic.pk)
    local = served_local_text(
        clinic_id=audience.clinic.pk, article_id=article.pk, review_settings=audience.review_settings, on=audience.on
    )
    if not pinned and local is None:
        return None
    return ServedOverride(pinned=pinned, local_text=local)


def local_introduction(local: ServedLocalText | None) -> tuple[LocalIntroduction, ...]:
    if local is None or not local.has_introduction:
        return ()
    return (LocalIntroduction(value=RichText(local.introduction), id=f"local-introduction-{local.id}"),)


def categories_of(*, article_id: int, locale_id: int) -> list[ArticleCategory]:
    """The article's categories, each named in the locale where a translation exists (one query)."""
    return categories_named(ArticleCategory.objects.filter(articles=article_id), locale_id=locale_id)


def categories_named(own: QuerySet[ArticleCategory], *, locale_id: int) -> list[ArticleCategory]:
    """These categories, each as its translation in the locale where one exists, by name."""
    rows = ArticleCategory.objects.filter(
        Q(pk__in=own.values("pk")) | Q(translation_key__in=own.values("translation_key"), locale_id=locale_id)
    )
    by_key: dict = {}
    for category in rows:
        if category.translation_key not in by_key or category.locale_id == locale_id:
            by_key[category.translation_key] = category
    return sorted(by_key.values(), key=lambda category: category.name.lower())


def served_versions(*, audience: Audience, locales: list[LocaleRef], translation_keys: set) -> list[tuple]:
    """``(translation_key, locale_id, slug, title)`` of every article with one of the translation
    keys that the audience's clinic serves in one of the locales: an article's translations and
    the targets of its links, in one query."""
    keys = sorted({uuid.UUID(str(key)) for key in translation_keys}, key=str)
    if not keys:
        return []
    return versions_with_keys(audience=audience, locales=locales, **key_holes(keys))


def key_holes(keys: list[uuid.UUID]) -> dict[str, uuid.UUID]:
    return {f"key{index}": key for index, key in enumerate(keys)}


def versions_with_keys(*, audience: Audience, locales: list[LocaleRef], **keys: uuid.UUID) -> list[tuple]:
    """The rows of ``served_versions``: one prepared statement per number of keys."""
    query = _versions_statements.get(len(keys))
    if query is None:
        query = _versions_statements[len(keys)] = prepared(holes=dict.fromkeys(keys, uuid.UUID))(_versions_with_keys)
    return query(audience=audience, locales=locales, **keys)


def _versions_with_keys(*, audience: Audience, locales: list[LocaleRef], **keys: uuid.UUID) -> QuerySet:
    chosen = served_to(audience, locales=locales).filter(translation_key__in=list(keys.values()))
    return chosen.values_list("translation_key", "locale_id", "slug", "title")


_versions_statements: dict[int, Callable[..., list]] = {}


def reach_of_approval(*, content) -> Reach | None:
    """Which clinic websites, in which languages, show an article or disclaimer once this revision
    is approved (``clinics_showing``). Content in the default language is also the fallback for a
    clinic's other languages that have no approved translation, which the note says."""
    structure = network_structure()
    if isinstance(content, (ArticlePage, Disclaimer)):
        reached = clinics_showing(content)
    elif isinstance(content, LocalArticleText):
        article = content.article
        language = Locale.objects.get(pk=article.locale_id).get_display_name()
        return Reach(
            clinics=(content.clinic.name,), locales=(language,), note=f"With the shared article '{article.title}'."
        )
    else:
        return None
    locale = Locale.objects.get(pk=content.locale_id)
    note = ""
    if content.locale_id == structure.default_locale.pk:
        others = sorted(
            {each.language_code for c in reached for each in c.locales if each.pk != content.locale_id}
            - set(content.get_translations().filter(live=True).values_list("locale__language_code", flat=True))
        )
        if others:
            names = ", ".join(Locale.objects.get(language_code=code).get_display_name() for code in others)
            note = f"Also shown to readers in {names} until a translation is approved."
    return Reach(clinics=tuple(c.name for c in reached), locales=(locale.get_display_name(),), note=note)


def language_of(obj) -> str:
    """The language the content is in ("" for content not yet placed: a new, unsaved form)."""
    if isinstance(obj, LocalArticleText):
        return obj.article.locale.language_code if obj.article_id else ""
    return obj.locale.language_code if getattr(obj, "locale_id", None) else ""


def clinics_showing(obj) -> list[ClinicProfile]:
    """The clinics whose websites show the content, in the content's language, by name: a clinic
    article its clinic; a shared article every clinic that serves its language and does not hide
    it; a local text or contact block its clinic; a disclaimer every clinic serving its language."""
    structure = network_structure()
    language = language_of(obj)
    clinics = sorted(structure.clinics.values(), key=lambda clinic: clinic.name)
    speaking = [clinic for clinic in clinics if clinic.locale(language) is not None]
    if isinstance(obj, (LocalArticleText, ContactBlock)):
        return [clinic for clinic in speaking if clinic.pk == obj.clinic_id]
    if isinstance(obj, Disclaimer):
        return speaking
    if isinstance(obj, ArticlePage) and obj.path:
        owners = [
            clinic
            for clinic in speaking
            if (home := clinic.homes.get(obj.locale_id)) is not None and obj.path.startswith(home.path)
        ]
        if owners:
            return owners
        library = structure.libraries.get(obj.locale_id)
        if library is None or not obj.path.startswith(library.path):
            return []
        hidden = set()
        if obj.translation_key:
            hidden = set(
                SharedArticleOverride.objects.filter(
                    article__translation_key=obj.translation_key, hidden=True
                ).values_list("clinic_id", flat=True)
            )
        return [clinic for clinic in speaking if clinic.pk not in hidden]
    return []
