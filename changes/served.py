"""What a clinic's website serves now, read straight from the database, as comparable states.

The relay compares these with what it recorded last (``ServedState``) to know what changed for
whom. Everything here reads without the delivery cache: a worker process's own cache may lag
behind the web processes' (the local-memory cache of development has no shared versions), and
a state read from a stale cache would be recorded as the truth.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from articles.models import ArticlePage, LocalArticleText, SharedArticleOverride
from articles.selectors import SCOPE_SHARED, served_in
from clinics.selectors import contact_block_for, contact_details_of
from clinics.structure import ClinicProfile, LocaleRef, NetworkStructure
from network.models import Disclaimer, ReviewSettings
from network.review import review_status, served_with_review
from network.selectors import disclaimer_for

from .models import ServedState


@dataclass(frozen=True)
class Served:
    """One thing a clinic's website serves, as the relay records it."""

    kind: str
    key: str
    locale: str
    fingerprint: str
    slug: str = ""
    review_status: str = ""
    next_review_due: datetime.date | None = None  # told with the review events, not compared

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.kind, self.key, self.locale)


@dataclass(frozen=True)
class Rules:
    """The network's structure and review rules on a day: what every read here depends on."""

    structure: NetworkStructure
    review_settings: ReviewSettings
    on: datetime.date
    canonical: tuple[str, str] = ("", "")  # the network's canonical mode and site: shared articles' canonical URL

    def language_code(self, locale_id: int) -> str:
        return next(code for code, ref in self.structure.locales.items() if ref.pk == locale_id)

    def locales_read(self, clinic: ClinicProfile) -> list[LocaleRef]:
        """The locales whose versions the clinic's website may be answered: its own, and the
        network's default (what a request in another of its locales falls back to, and what a
        request naming none gets when the clinic's default is not among them)."""
        locales = list(clinic.locales)
        if self.structure.default_locale.pk not in {locale.pk for locale in locales}:
            locales.append(self.structure.default_locale)
        return locales


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def articles_served(*, clinic: ClinicProfile, rules: Rules, keys: Iterable[str] | None) -> dict[tuple, Served]:
    """The clinic's served articles (every version it serves natively, one per locale), or only
    those of the translation ``keys``. Their fingerprint changes with anything their answer
    shows that the relay can name: the approved revision, the approval, the slug, where it is
    served from, the clinic's pin and approved local text."""
    served = served_in(
        clinic=clinic,
        locales=rules.locales_read(clinic),
        libraries=rules.structure.libraries,
        review_settings=rules.review_settings,
        on=rules.on,
    )
    if keys is not None:
        served = served.filter(translation_key__in=list(keys))
    rows = list(
        served.values_list(
            "pk",
            "translation_key",
            "locale_id",
            "slug",
            "live_revision_id",
            "medical_review_id",
            "next_review_due",
            "scope",
        )
    )
    local_texts = local_text_revisions(clinic_id=clinic.pk, article_ids=[row[0] for row in rows], rules=rules)
    pinned = {
        str(key): order
        for key, order in SharedArticleOverride.objects.filter(
            clinic_id=clinic.pk, pinned=True, hidden=False
        ).values_list("article__translation_key", "pin_order")
    }
    states = {}
    for pk, key, locale_id, slug, revision, review, due, scope in rows:
        state = Served(
            kind=ServedState.KIND_ARTICLE,
            key=str(key),
            locale=rules.language_code(locale_id),
            slug=slug,
            fingerprint=fingerprint(
                slug,
                revision,
                review,
                scope,
                pinned.get(str(key)),
                local_texts.get(pk),
                rules.canonical if scope == SCOPE_SHARED else None,
            ),
            review_status=review_status(
                next_review_due=due, on=rules.on, due_soon_days=rules.review_settings.due_soon_days
            ),
            next_review_due=due,
        )
        states[state.identity] = state
    return states


def local_text_revisions(*, clinic_id: int, article_ids: list[int], rules: Rules) -> dict[int, int]:
    """The approved live revision of the clinic's local text of each article, by article id."""
    if not article_ids:
        return {}
    texts: QuerySet = LocalArticleText.objects.filter(clinic_id=clinic_id, article_id__in=article_ids)
    approved = served_with_review(texts, review_settings=rules.review_settings, on=rules.on)
    return dict(approved.values_list("article_id", "live_revision_id"))


def disclaimers_served(*, clinic: ClinicProfile, rules: Rules, keys: Iterable[str] | None) -> dict[tuple, Served]:
    """Each disclaimer (of ``keys``, or every one) as the clinic's articles would show it in each
    of the clinic's locales: its approved version there (or the default locale's), or none."""
    disclaimers = Disclaimer.objects.all()
    if keys is not None:
        disclaimers = disclaimers.filter(translation_key__in=list(keys))
    first_of_key = {}
    for pk, key in disclaimers.order_by("pk").values_list("pk", "translation_key"):
        first_of_key.setdefault(str(key), pk)
    states = {}
    for key, pk in first_of_key.items():
        for locale in rules.locales_read(clinic):
            shown = disclaimer_for(
                disclaimer_id=pk,
                locale_id=locale.pk,
                default_locale_id=rules.structure.default_locale.pk,
                review_settings=rules.review_settings,
                on=rules.on,
            )
            if shown is None:
                continue
            state = Served(
                kind=ServedState.KIND_DISCLAIMER,
                key=key,
                locale=locale.language_code,
                fingerprint=fingerprint(shown.pk, shown.live_revision_id, shown.live_review_id),
            )
            states[state.identity] = state
    return states


def contact_served(*, clinic: ClinicProfile, rules: Rules) -> dict[tuple, Served]:
    """The clinic's contact block as its website gets it in each locale it may be answered in."""
    states = {}
    for locale in rules.locales_read(clinic):
        block = contact_block_for(clinic_id=clinic.pk, locale_id=locale.pk)
        if block is None:
            continue
        state = Served(
            kind=ServedState.KIND_CONTACT,
            key="",
            locale=locale.language_code,
            fingerprint=fingerprint(contact_details_of(block)),
        )
        states[state.identity] = state
    return states


def clinic_served(*, clinic: ClinicProfile) -> dict[tuple, Served]:
    """The clinic's own record as the API serves it."""
    state = Served(
        kind=ServedState.KIND_CLINIC,
        key="",
        locale="",
        fingerprint=fingerprint(
            clinic.slug,
            clinic.name,
            clinic.city,
            clinic.state,
            clinic.time_zone,
            clinic.frontend_base_url,
            clinic.default_language_code,
            tuple(locale.language_code for locale in clinic.locales),
        ),
    )
    return {state.identity: state}


def article_keys_showing_images(image_ids: Iterable[int]) -> set[str]:
    """The translation keys of the articles whose content shows any of the images (Wagtail's
    reference index, which each save of an article keeps up to date). Read by the images' ids,
    so a deleted image still names the articles it left."""
    ids = [str(pk) for pk in image_ids]
    if not ids:
        return set()
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_image_model()),
        to_object_id__in=ids,
        content_type=ContentType.objects.get_for_model(ArticlePage),
    )
    page_ids = {int(object_id) for object_id in references.values_list("object_id", flat=True)}
    return {str(key) for key in ArticlePage.objects.filter(pk__in=page_ids).values_list("translation_key", flat=True)}
