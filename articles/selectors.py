"""Reads: which articles a clinic serves, in which locale, and from where.

Every path from the API to an article goes through ``articles_for``, so this is the one place
that decides what a clinic's website may receive.
"""

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from wagtail.models import Locale, Page

from clinics.models import Clinic, ClinicHomePage
from clinics.services import clinic_home_for
from network.models import ReviewSettings, SharedLibraryPage
from network.review import served_with_review

from .models import ArticleCategory, ArticlePage, SharedArticleOverride

SCOPE_SHARED = "shared"
SCOPE_CLINIC = "clinic"


def library_for(*, locale: Locale) -> SharedLibraryPage | None:
    return SharedLibraryPage.objects.filter(locale=locale).first()


def hidden_translation_keys_for(*, clinic: Clinic) -> QuerySet:
    return SharedArticleOverride.objects.filter(clinic=clinic, hidden=True).values("article__translation_key")


def articles_for(
    *,
    clinic: Clinic,
    locale: Locale,
    review_settings: ReviewSettings | None = None,
    fallback: bool = False,
) -> QuerySet[ArticlePage]:
    """The articles the clinic's website may show in the locale: its own, plus the shared ones it
    does not hide, each live with a medically approved live revision (and not overdue, where the
    network withholds overdue content).

    With ``fallback``, an article the clinic serves in the default locale but not (approved) in
    ``locale`` is included in the default locale; each row's ``locale`` says which was served.
    Annotated with ``scope`` ("shared" or "clinic"), ``medical_review_id`` and ``next_review_due``.
    """
    default = Locale.get_default()
    locales = [locale] if not fallback or locale.pk == default.pk else [locale, default]
    in_trees, clinic_paths = Q(), []
    for each in locales:
        home = clinic_home_for(clinic=clinic, locale=each)
        library = library_for(locale=each)
        roots = [page for page in (home, library) if page is not None]
        if home is not None:
            clinic_paths.append(home.path)
        for root in roots:
            in_trees |= Q(locale=each, path__startswith=root.path, depth__gt=root.depth)
    if not in_trees:
        return ArticlePage.objects.none()
    in_clinic_tree = Q()
    for path in clinic_paths:
        in_clinic_tree |= Q(path__startswith=path)
    scope = Value(SCOPE_SHARED, output_field=CharField())
    if clinic_paths:
        scope = Case(
            When(in_clinic_tree, then=Value(SCOPE_CLINIC)), default=Value(SCOPE_SHARED), output_field=CharField()
        )
    articles = (
        ArticlePage.objects.filter(in_trees)
        .exclude(translation_key__in=hidden_translation_keys_for(clinic=clinic))
        .annotate(scope=scope)
    )
    served = served_with_review(articles, review_settings=review_settings or ReviewSettings.load())
    if len(locales) > 1:
        preferred = served.filter(locale=locale).values("translation_key")
        served = served.exclude(Q(locale=default) & Q(translation_key__in=preferred))
    return served


def article_for(
    *,
    clinic: Clinic,
    locale: Locale,
    slug: str,
    review_settings: ReviewSettings | None = None,
    fallback: bool = False,
) -> ArticlePage | None:
    """One article by slug as the clinic serves it in the locale: the clinic's own wins over a
    shared one; a slug of another locale's version leads to the translation in ``locale``; with
    ``fallback``, the default-locale version when ``locale`` has no approved translation."""
    review_settings = review_settings or ReviewSettings.load()
    default = Locale.get_default()
    search_locales = [locale] if locale.pk == default.pk else [locale, default]
    candidates = []
    for each in search_locales:
        candidates += list(articles_for(clinic=clinic, locale=each, review_settings=review_settings).filter(slug=slug))
    if not candidates:
        return None
    candidates.sort(key=lambda article: (article.locale_id != locale.pk, article.scope != SCOPE_CLINIC))
    found = candidates[0]
    if found.locale_id == locale.pk:
        return found
    translation = (
        articles_for(clinic=clinic, locale=locale, review_settings=review_settings)
        .filter(translation_key=found.translation_key)
        .first()
    )
    return translation or (found if fallback else None)


def is_shared_article(*, article: Page) -> bool:
    return SharedLibraryPage.objects.filter(path=article.path[: SharedLibraryPage.steplen * 2]).exists()


def slug_conflicts_for(*, slug: str, parent: Page, locale: Locale, exclude: Page | None) -> ArticlePage | None:
    """Another article with this slug that some clinic would serve beside a new one under ``parent``.

    Shared articles must be unique across the network; a clinic article must not clash with a
    shared one or another article of the same clinic. Two clinics may reuse a slug.
    """
    candidates = ArticlePage.objects.filter(slug=slug, locale=locale)
    if exclude is not None and exclude.pk:
        candidates = candidates.exclude(pk=exclude.pk)
    parent = parent.specific
    if isinstance(parent, ClinicHomePage):
        library = library_for(locale=locale)
        clash = Q(path__startswith=parent.path)
        if library is not None:
            clash |= Q(path__startswith=library.path)
        candidates = candidates.filter(clash)
    return candidates.first()


def categories_in(*, locale: Locale, categories) -> list[ArticleCategory]:
    """The article's categories named in the locale where a translation exists."""
    categories = list(categories)
    translated = {
        category.translation_key: category
        for category in ArticleCategory.objects.filter(
            translation_key__in=[category.translation_key for category in categories], locale=locale
        )
    }
    return [translated.get(category.translation_key, category) for category in categories]


def served_translations_of(
    *, article: ArticlePage, clinic: Clinic, review_settings: ReviewSettings | None = None
) -> list[ArticlePage]:
    """The same article in the clinic's other locales, where the clinic serves it (each reviewed in its own right)."""
    translations = []
    for locale in clinic.locales.all():
        if locale.pk == article.locale_id:
            continue
        served = articles_for(clinic=clinic, locale=locale, review_settings=review_settings)
        translation = served.filter(translation_key=article.translation_key).select_related("locale").first()
        if translation is not None:
            translations.append(translation)
    return translations
