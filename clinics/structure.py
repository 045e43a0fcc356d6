"""The network's structure as delivery needs it, cached: locales, each clinic with its page-tree
roots per locale, and the shared library's roots. It changes rarely (a clinic added, a locale
enabled) and is read by every request, so it is built once and kept until the ``structure`` tag
is bumped."""

from dataclasses import dataclass, field

from django.conf import settings
from wagtail.models import Locale

from network.models import SharedLibraryPage
from network.speed import cache, tags

from .models import Clinic, ClinicHomePage

STRUCTURE_TAG = tags.STRUCTURE
STRUCTURE_KEY = "delivery:structure"


@dataclass(frozen=True)
class LocaleRef:
    pk: int
    language_code: str


@dataclass(frozen=True)
class TreeRoot:
    path: str
    depth: int


@dataclass(frozen=True)
class ClinicProfile:
    """A clinic as delivery sees it, without a database query."""

    pk: int
    slug: str
    name: str
    city: str
    state: str
    time_zone: str
    frontend_base_url: str
    default_language_code: str
    locales: tuple[LocaleRef, ...]
    homes: dict[int, TreeRoot] = field(default_factory=dict)

    def locale(self, language_code: str) -> LocaleRef | None:
        return next((locale for locale in self.locales if locale.language_code == language_code), None)


def front_end_article_url(*, clinic: ClinicProfile, language_code: str, slug: str) -> str:
    """Where the clinic's own website shows an article: /articles/<slug>/, under /<lang>/ if not default."""
    prefix = "" if language_code == clinic.default_language_code else f"/{language_code}"
    return f"{clinic.frontend_base_url}{prefix}/articles/{slug}/"


@dataclass(frozen=True)
class NetworkStructure:
    default_locale: LocaleRef
    locales: dict[str, LocaleRef]
    libraries: dict[int, TreeRoot]
    clinics: dict[str, ClinicProfile]


def build_structure() -> NetworkStructure:
    locales = {locale.language_code: LocaleRef(locale.pk, locale.language_code) for locale in Locale.objects.all()}
    default = locales.get(settings.LANGUAGE_CODE) or LocaleRef(Locale.get_default().pk, settings.LANGUAGE_CODE)
    libraries = {
        library.locale_id: TreeRoot(library.path, library.depth)
        for library in SharedLibraryPage.objects.only("path", "depth", "locale_id")
    }
    clinics = {}
    for clinic in (
        Clinic.objects.filter(site__isnull=False).select_related("site__root_page").prefetch_related("locales")
    ):
        assert clinic.site is not None  # filtered above; says so to mypy
        root = clinic.site.root_page
        homes = {
            home.locale_id: TreeRoot(home.path, home.depth)
            for home in ClinicHomePage.objects.filter(translation_key=root.translation_key).only(
                "path", "depth", "locale_id"
            )
        }
        clinics[clinic.slug] = ClinicProfile(
            pk=clinic.pk,
            slug=clinic.slug,
            name=clinic.name,
            city=clinic.city,
            state=clinic.state,
            time_zone=clinic.time_zone,
            frontend_base_url=clinic.frontend_base_url,
            default_language_code=clinic.default_language_code,
            locales=tuple(
                sorted(
                    (LocaleRef(loc.pk, loc.language_code) for loc in clinic.locales.all()),
                    key=lambda x: x.language_code,
                )
            ),
            homes=homes,
        )
    return NetworkStructure(default_locale=default, locales=locales, libraries=libraries, clinics=clinics)


def network_structure() -> NetworkStructure:
    return cache.cached(STRUCTURE_KEY, tags=[STRUCTURE_TAG], build=build_structure, timeout=None)
