"""Reads: which articles a clinic serves, in which locale, and from where.

Every path from the API to an article goes through ``articles_for``, so this is the one place
that decides what a clinic's website may receive.
"""

import uuid

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from wagtail.models import Locale, Page

from clinics.structure import ClinicProfile, LocaleRef, network_structure
from network.models import Disclaimer, ReviewSettings
from network.review import Reach, served_with_review, today
from network.speed.prepared import PreparedQuery

from .models import ArticleCategory, ArticlePage, SharedArticleOverride

SCOPE_SHARED = "shared"
SCOPE_CLINIC = "clinic"


def hidden_translation_keys_for(*, clinic_id: int) -> QuerySet:
    return SharedArticleOverride.objects.filter(clinic_id=clinic_id, hidden=True).values("article__translation_key")


BUILT_QUERIES_KEPT = 256
_built: dict[tuple, QuerySet] = {}


def served_in(
    *, clinic: ClinicProfile, locales: list[LocaleRef], review_settings: ReviewSettings, details: bool = False
) -> QuerySet[ArticlePage]:
    """Every article the clinic serves in any of ``locales``: under its home or the shared library
    of that locale, not hidden by the clinic, live with an approved live revision. One query; the
    tree roots come from the cached network structure. Annotated with ``scope``,
    ``medical_review_id``, ``next_review_due`` (and the reviewer, with ``details``).

    Building this query costs more than running it, so each process keeps the built query keyed
    by everything it is made of (tree roots, locales, the overdue rule and today's date) and hands
    out a clone: a change to any of them makes a new key, never a stale query.
    """
    key = served_key(clinic=clinic, locales=locales, review_settings=review_settings, details=details)
    built = _built.get(key)
    if built is None:
        if len(_built) >= BUILT_QUERIES_KEPT:
            _built.clear()
        built = _built[key] = _build_served_in(
            clinic=clinic, locales=locales, review_settings=review_settings, details=details
        )
    return built.all()


def served_key(*, clinic: ClinicProfile, locales: list[LocaleRef], review_settings: ReviewSettings, details: bool):
    """Everything ``served_in``'s query is made of: equal keys mean equal queries."""
    structure = network_structure()
    roots = tuple((each.pk, clinic.homes.get(each.pk), structure.libraries.get(each.pk)) for each in locales)
    return (clinic.pk, roots, details, review_settings.serve_overdue, today())


def _build_served_in(
    *, clinic: ClinicProfile, locales: list[LocaleRef], review_settings: ReviewSettings, details: bool
) -> QuerySet[ArticlePage]:
    structure = network_structure()
    in_trees, in_clinic_tree = Q(), Q()
    for each in locales:
        home = clinic.homes.get(each.pk)
        library = structure.libraries.get(each.pk)
        if home is not None:
            in_clinic_tree |= Q(path__startswith=home.path)
        for root in (home, library):
            if root is not None:
                in_trees |= Q(locale_id=each.pk, path__startswith=root.path, depth__gt=root.depth)
    if not in_trees:
        return ArticlePage.objects.none()
    scope = Value(SCOPE_SHARED, output_field=CharField())
    if in_clinic_tree:
        scope = Case(
            When(in_clinic_tree, then=Value(SCOPE_CLINIC)), default=Value(SCOPE_SHARED), output_field=CharField()
        )
    articles = (
        ArticlePage.objects.filter(in_trees)
        .exclude(translation_key__in=hidden_translation_keys_for(clinic_id=clinic.pk))
        .annotate(scope=scope)
    )
    return served_with_review(articles, review_settings=review_settings, details=details)


def articles_for(
    *,
    clinic: ClinicProfile,
    locale: LocaleRef,
    review_settings: ReviewSettings,
    fallback: bool = False,
    details: bool = False,
) -> QuerySet[ArticlePage]:
    """The articles the clinic's website may show in the locale (see ``served_in``).

    With ``fallback``, an article the clinic serves in the default locale but not (approved) in
    ``locale`` is included in the default locale; each row's ``locale`` says which was served.
    """
    default = network_structure().default_locale
    if not fallback or locale.pk == default.pk:
        return served_in(clinic=clinic, locales=[locale], review_settings=review_settings, details=details)
    served = served_in(clinic=clinic, locales=[locale, default], review_settings=review_settings, details=details)
    preferred = served_in(clinic=clinic, locales=[locale], review_settings=review_settings).values("translation_key")
    return served.exclude(Q(locale_id=default.pk) & Q(translation_key__in=preferred))


def articles_for_key(
    *, clinic: ClinicProfile, locale: LocaleRef, review_settings: ReviewSettings, fallback: bool, details: bool
) -> tuple:
    """Everything ``articles_for``'s query is made of: equal keys mean equal queries."""
    default = network_structure().default_locale
    locales = [locale] if not fallback or locale.pk == default.pk else [locale, default]
    return (
        "articles_for",
        served_key(clinic=clinic, locales=locales, review_settings=review_settings, details=details),
        served_key(clinic=clinic, locales=[locale], review_settings=review_settings, details=False),
        default.pk,
    )


def article_for(
    *,
    clinic: ClinicProfile,
    locale: LocaleRef,
    slug: str,
    review_settings: ReviewSettings,
    fallback: bool = False,
) -> ArticlePage | None:
    """One article by slug as the clinic serves it in the locale, in one query: the clinic's own
    wins over a shared one; a default-locale slug leads to the translation in ``locale``; with
    ``fallback``, the default-locale version when ``locale`` has no approved one."""
    default = network_structure().default_locale
    locales = [locale] if locale.pk == default.pk else [locale, default]

    def build(values: dict) -> QuerySet[ArticlePage]:
        # Every served version of an article that has this slug in one of the locales: found through
        # the slug and translation-key indexes (an OR of the two rules below would scan every page).
        served = served_in(clinic=clinic, locales=locales, review_settings=review_settings, details=True)
        slugs = Page.objects.filter(slug=values["slug"], locale_id__in=[each.pk for each in locales])
        return served.filter(translation_key__in=slugs.values("translation_key")).select_related("locale")

    key = ("article_for", served_key(clinic=clinic, locales=locales, review_settings=review_settings, details=True))
    versions = PreparedQuery(key=key, build=build, holes={"slug": str}).instances({"slug": slug})
    # Of those: the ones with the slug, and the requested locale's translation of a served
    # default-locale article with the slug.
    by_default_slug = {v.translation_key for v in versions if v.locale_id == default.pk and v.slug == slug}
    candidates = [
        v for v in versions if v.slug == slug or (v.locale_id == locale.pk and v.translation_key in by_default_slug)
    ]
    found = sorted(candidates, key=lambda article: (article.locale_id != locale.pk, article.scope != SCOPE_CLINIC))
    if not found or (found[0].locale_id != locale.pk and not fallback):
        return None
    return found[0]


def categories_of(*, article: ArticlePage, locale_id: int) -> list[ArticleCategory]:
    """The article's categories, each named in the locale where a translation exists (one query)."""
    own = ArticleCategory.objects.filter(articles=article)
    rows = ArticleCategory.objects.filter(
        Q(pk__in=own.values("pk")) | Q(translation_key__in=own.values("translation_key"), locale_id=locale_id)
    )
    by_key: dict = {}
    for category in rows:
        if category.translation_key not in by_key or category.locale_id == locale_id:
            by_key[category.translation_key] = category
    return sorted(by_key.values(), key=lambda category: category.name.lower())


def served_versions(
    *, clinic: ClinicProfile, locales: list[LocaleRef], review_settings: ReviewSettings, translation_keys: set
) -> list[tuple]:
    """``(translation_key, locale_id, slug, title)`` of every article with one of the translation
    keys that the clinic serves in one of the locales: an article's translations and the targets
    of its links, in one query."""
    keys = sorted({uuid.UUID(str(key)) for key in translation_keys}, key=str)
    if not keys:
        return []
    names = [f"key{index}" for index in range(len(keys))]

    def build(values: dict) -> QuerySet:
        served = served_in(clinic=clinic, locales=locales, review_settings=review_settings)
        chosen = served.filter(translation_key__in=[values[name] for name in names])
        return chosen.values_list("translation_key", "locale_id", "slug", "title")

    made_of = served_key(clinic=clinic, locales=locales, review_settings=review_settings, details=False)
    query = PreparedQuery(
        key=("served_versions", made_of, len(names)), build=build, holes=dict.fromkeys(names, uuid.UUID)
    )
    return query.rows(dict(zip(names, keys, strict=True)))


def reach_of_approval(*, content) -> Reach | None:
    """Which clinic websites, in which languages, show an article or disclaimer once this revision
    is approved: a clinic article its clinic; a shared article every clinic that serves its
    language and does not hide it; a disclaimer every clinic that serves its language. Content in
    the default language is also the fallback for a clinic's other languages that have no
    approved translation, which the note says."""
    structure = network_structure()
    clinics = sorted(structure.clinics.values(), key=lambda c: c.name)
    if isinstance(content, ArticlePage):
        library = structure.libraries.get(content.locale_id)
        hidden = set(
            SharedArticleOverride.objects.filter(
                article__translation_key=content.translation_key, hidden=True
            ).values_list("clinic_id", flat=True)
        )

        def shows(clinic: ClinicProfile) -> bool:
            home = clinic.homes.get(content.locale_id)
            if home is not None and content.path.startswith(home.path):
                return True
            shared = library is not None and content.path.startswith(library.path)
            return shared and clinic.pk not in hidden

    elif isinstance(content, Disclaimer):

        def shows(clinic: ClinicProfile) -> bool:
            return True

    else:
        return None
    reached = [c for c in clinics if shows(c) and c.locale(_language_code(content.locale_id, structure))]
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


def _language_code(locale_id: int, structure) -> str:
    return next((code for code, ref in structure.locales.items() if ref.pk == locale_id), "")
