"""The relay: recorded changes (``network.models.ContentChange``) become each clinic's change events.

A change is recorded in its own transaction with the subjects it touched (an article or
disclaimer by translation key, a clinic, an image, the taxonomy, or everything). The relay reads
a batch of them and, for each clinic, compares what the clinic's website serves of those
subjects now (``changes.served``, straight from the database) with what it recorded last
(``ServedState``): what appeared was published, what changed was updated, what is gone was
withdrawn (and why). So fan-out is exact (a clinic hiding a shared article hears nothing of its
edits; a clinic whose article it was hears of its withdrawal), and an edit that changes nothing
served (a draft, a publish awaiting review) tells nobody anything.

One relay runs at a time (a PostgreSQL advisory lock held by its transaction), so the change
events it writes get primary keys in commit order: the change feed's cursor never skips one.
The same transaction sends ``clinic_changes_recorded``, where webhooks and CDN purges queue
their deliveries, and marks the batch relayed: a relay that dies leaves the batch for the next.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from articles.models import ArticlePage, SharedArticleOverride
from clinics.structure import ClinicProfile, build_structure, front_end_article_url
from network.models import ContentChange, DeliverySettings, Disclaimer, ReviewSettings
from network.review import STATUS_DUE_SOON, STATUS_OVERDUE, today
from network.speed import tags
from network.speed.invalidation import EVERYTHING, PICTURED

from . import models as events
from .models import ClinicChange, ServedState
from .served import (
    Rules,
    Served,
    article_keys_showing_images,
    articles_served,
    clinic_served,
    contact_served,
    disclaimers_served,
)

# Sent inside the relay's transaction once it recorded a batch: ``changes`` (the ClinicChange rows
# written, in order) and ``tags`` (every cache tag the batch's recorded changes bumped, for CDN
# purges). A receiver writing rows in that transaction commits or rolls back with the batch.
clinic_changes_recorded = Signal()

BATCH = 200  # recorded changes relayed in one transaction
RELAY_LOCK = 7_015_001  # the advisory lock's key: any number no other code uses
REVIEW_DATES = "review-dates"  # the subject of the daily check: every article's review status


def relay_pending() -> int:
    """Relay every recorded change not relayed yet; the number of clinic changes written."""
    written = 0
    while True:
        count = relay_batch()
        if count is None:
            return written
        written += count


def relay_batch() -> int | None:
    """One batch in one transaction; None when nothing was left to relay."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RELAY_LOCK])
        batch = list(ContentChange.objects.filter(relayed=False).order_by("pk")[:BATCH])
        if not batch:
            return None
        subjects = {subject for record in batch for subject in record.subjects}
        bumped_tags = {tag for record in batch for tag in record.tags}
        written = record_clinic_changes(subjects=subjects)
        ids = [record.pk for record in batch]
        ContentChange.objects.filter(pk__in=ids).update(relayed=True)
        ContentChange.objects.filter(
            relayed=True, bumped=True
        ).delete()  # both consumers done (bumps replayed late too)
        if written or bumped_tags:
            clinic_changes_recorded.send(sender=ClinicChange, changes=written, tags=bumped_tags)
        return len(written)


def record_review_dates() -> int:
    """Record that review statuses may have moved with the date (a review falling due soon or
    overdue, an overdue article withheld) and relay it: the daily command's work. Run twice, the
    second run finds nothing new to tell."""
    ContentChange.objects.create(tags=[], subjects=[REVIEW_DATES], bumped=True)
    return relay_pending()


@dataclass
class Scope:
    """Which states of which clinics a batch of recorded changes may have altered."""

    article_keys: set[str] | None = field(default_factory=set)  # None: every article
    disclaimer_keys: set[str] | None = field(default_factory=set)
    forced_article_keys: set[str] = field(default_factory=set)  # changed whatever their fingerprint says
    clinics: set[int] | None = field(default_factory=set)  # their contact blocks and record
    taxonomy: bool = False


def scope_of(subjects: set[str]) -> Scope:
    if EVERYTHING in subjects:
        return Scope(article_keys=None, disclaimer_keys=None, clinics=None, taxonomy=tags.TAXONOMY in subjects)
    scope = Scope(taxonomy=tags.TAXONOMY in subjects)
    if REVIEW_DATES in subjects:
        scope.article_keys = None
    keys = {subject.removeprefix("content:") for subject in subjects if subject.startswith("content:")}
    if keys:
        known_disclaimers = {
            str(key)
            for key in Disclaimer.objects.filter(translation_key__in=keys).values_list("translation_key", flat=True)
        } | set(  # a disclaimer deleted with every translation is known by what the clinics were told
            ServedState.objects.filter(kind=ServedState.KIND_DISCLAIMER, key__in=keys).values_list("key", flat=True)
        )
        assert scope.disclaimer_keys is not None
        scope.disclaimer_keys |= known_disclaimers
        if scope.article_keys is not None:
            scope.article_keys |= keys - known_disclaimers
    images = {int(subject.removeprefix("image:")) for subject in subjects if subject.startswith("image:")}
    pictured = {subject.removeprefix(PICTURED) for subject in subjects if subject.startswith(PICTURED)}
    if images or pictured:
        scope.forced_article_keys = article_keys_showing_images(images) | pictured
        if scope.article_keys is not None:
            scope.article_keys |= scope.forced_article_keys
    assert scope.clinics is not None
    scope.clinics |= {int(subject.removeprefix("clinic:")) for subject in subjects if subject.startswith("clinic:")}
    return scope


def current_rules() -> Rules:
    """The structure and rules every comparison reads, from the database (not the cache)."""
    delivery = DeliverySettings.load()
    return Rules(
        structure=build_structure(),
        review_settings=ReviewSettings.load(),
        on=today(),
        canonical=(delivery.canonical_mode, delivery.canonical_base_url),
    )


def record_clinic_changes(*, subjects: set[str]) -> list[ClinicChange]:
    """Compare, clinic by clinic, what the subjects serve now with what was recorded; write the
    differences as clinic changes and record the new states."""
    scope = scope_of(subjects)
    rules = current_rules()
    structure = rules.structure
    clinics = sorted(structure.clinics.values(), key=lambda clinic: clinic.pk)
    ServedState.objects.exclude(clinic_id__in=[clinic.pk for clinic in clinics]).delete()  # no website any more
    reached = clinics_reached(keys=scope.article_keys, clinics=clinics, rules=rules)
    written: list[ClinicChange] = []
    for clinic in clinics:
        now: dict[tuple, Served] = {}
        kinds: list[tuple[str, set[str] | None]] = []
        if scope.article_keys is None or (scope.article_keys and clinic.pk in reached):
            now |= articles_served(clinic=clinic, rules=rules, keys=scope.article_keys)
            kinds.append((ServedState.KIND_ARTICLE, scope.article_keys))
        if scope.disclaimer_keys is None or scope.disclaimer_keys:
            now |= disclaimers_served(clinic=clinic, rules=rules, keys=scope.disclaimer_keys)
            kinds.append((ServedState.KIND_DISCLAIMER, scope.disclaimer_keys))
        if scope.clinics is None or clinic.pk in scope.clinics:
            now |= contact_served(clinic=clinic, rules=rules) | clinic_served(clinic=clinic)
            kinds += [(ServedState.KIND_CONTACT, None), (ServedState.KIND_CLINIC, None)]
        before = recorded_states(clinic_id=clinic.pk, kinds=kinds)
        changes = differences(clinic=clinic, before=before, now=now, rules=rules, forced=scope.forced_article_keys)
        if scope.taxonomy:
            changes.append(taxonomy_change(clinic))
        record_states(clinic_id=clinic.pk, before=before, now=now)
        written += changes
    return ClinicChange.objects.bulk_create(written)


def clinics_reached(*, keys: set[str] | None, clinics: list[ClinicProfile], rules: Rules) -> set[int]:
    """The clinics whose articles of ``keys`` may have changed: those that were told they serve
    one, and those whose trees (their homes, or the shared library in their locales) hold one
    now. The others cannot have gained or lost any, so their comparison is skipped (a clinic
    article's edit costs one clinic's reads, not fifty)."""
    if not keys:
        return set()
    told = set(
        ServedState.objects.filter(kind=ServedState.KIND_ARTICLE, key__in=list(keys))
        .values_list("clinic_id", flat=True)
        .distinct()
    )
    pages = list(ArticlePage.objects.filter(translation_key__in=list(keys)).values_list("path", "locale_id"))
    holding = set()
    for clinic in clinics:
        locales = {locale.pk for locale in rules.locales_read(clinic)}
        for path, locale_id in pages:
            roots = [clinic.homes.get(locale_id)]
            if locale_id in locales:
                roots.append(rules.structure.libraries.get(locale_id))
            if any(root is not None and path.startswith(root.path) for root in roots):
                holding.add(clinic.pk)
                break
    return told | holding


def recorded_states(*, clinic_id: int, kinds: list[tuple[str, set[str] | None]]) -> dict[tuple, ServedState]:
    states: dict[tuple, ServedState] = {}
    for kind, keys in kinds:
        rows = ServedState.objects.filter(clinic_id=clinic_id, kind=kind)
        if keys is not None:
            rows = rows.filter(key__in=list(keys))
        states |= {(row.kind, row.key, row.locale): row for row in rows}
    return states


def record_states(*, clinic_id: int, before: dict[tuple, ServedState], now: dict[tuple, Served]) -> None:
    gone = [row.pk for identity, row in before.items() if identity not in now]
    ServedState.objects.filter(pk__in=gone).delete()
    changed = []
    for identity, state in now.items():
        row = before.get(identity)
        if row is not None and (row.fingerprint, row.slug, row.review_status) != (
            state.fingerprint,
            state.slug,
            state.review_status,
        ):
            row.fingerprint, row.slug, row.review_status = state.fingerprint, state.slug, state.review_status
            changed.append(row)
    ServedState.objects.bulk_update(changed, ["fingerprint", "slug", "review_status"])
    ServedState.objects.bulk_create(
        [
            ServedState(
                clinic_id=clinic_id,
                kind=state.kind,
                key=state.key,
                locale=state.locale,
                slug=state.slug,
                fingerprint=state.fingerprint,
                review_status=state.review_status,
            )
            for identity, state in now.items()
            if identity not in before
        ]
    )


def differences(
    *,
    clinic: ClinicProfile,
    before: dict[tuple, ServedState],
    now: dict[tuple, Served],
    rules: Rules,
    forced: set[str],
) -> list[ClinicChange]:
    changes = []
    gone = [row for identity, row in before.items() if identity not in now]
    reasons = withdrawal_reasons(
        clinic=clinic, rows=[row for row in gone if row.kind == ServedState.KIND_ARTICLE], rules=rules
    )
    for row in sorted(gone, key=lambda row: (row.kind, row.key, row.locale)):
        if row.kind == ServedState.KIND_ARTICLE:
            changes.append(
                article_change(
                    clinic,
                    events.ARTICLE_WITHDRAWN,
                    key=row.key,
                    locale=row.locale,
                    slug=row.slug,
                    reason=reasons.get((row.key, row.locale), events.WITHDRAWN_UNPUBLISHED),
                )
            )
        else:
            changes.append(other_change(clinic, kind=row.kind, key=row.key, locale=row.locale))
    for identity, state in sorted(now.items()):
        row = before.get(identity)
        if state.kind == ServedState.KIND_ARTICLE:
            change = article_difference(clinic, row=row, state=state, forced=state.key in forced)
        elif row is None or row.fingerprint != state.fingerprint:
            change = other_change(clinic, kind=state.kind, key=state.key, locale=state.locale)
        else:
            change = None
        if change is not None:
            changes.append(change)
    return changes


def article_difference(
    clinic: ClinicProfile, *, row: ServedState | None, state: Served, forced: bool
) -> ClinicChange | None:
    if row is None:
        return article_change(clinic, events.ARTICLE_PUBLISHED, key=state.key, locale=state.locale, slug=state.slug)
    if row.fingerprint != state.fingerprint or forced:
        return article_change(
            clinic,
            events.ARTICLE_UPDATED,
            key=state.key,
            locale=state.locale,
            slug=state.slug,
            previous_slug=row.slug if row.slug != state.slug else None,
        )
    if row.review_status != state.review_status and state.review_status not in (STATUS_DUE_SOON, STATUS_OVERDUE):
        # current again with nothing renewed (the network's "due soon" made shorter): its review line changed
        return article_change(clinic, events.ARTICLE_UPDATED, key=state.key, locale=state.locale, slug=state.slug)
    if row.review_status != state.review_status:
        kind = events.REVIEW_DUE_SOON if state.review_status == STATUS_DUE_SOON else events.REVIEW_OVERDUE
        change = article_change(clinic, kind, key=state.key, locale=state.locale, slug=state.slug)
        if state.next_review_due is not None:
            change.data["next_review_due"] = state.next_review_due.isoformat()
        return change
    return None


def withdrawal_reasons(*, clinic: ClinicProfile, rows: list[ServedState], rules: Rules) -> dict[tuple, str]:
    """Why each article the clinic served is not served any more: deleted, unpublished, hidden by
    the clinic, moved out of its trees, overdue (withheld until its review is renewed), or
    not_approved (its live revision has no approval: revoked, or a new revision published
    unreviewed)."""
    if not rows:
        return {}
    keys = {row.key for row in rows}
    pages = {
        (str(page.translation_key), page.locale.language_code): page
        for page in ArticlePage.objects.filter(translation_key__in=keys).select_related("locale", "live_review")
    }
    hidden = {
        str(key)
        for key in SharedArticleOverride.objects.filter(
            clinic_id=clinic.pk, hidden=True, article__translation_key__in=keys
        ).values_list("article__translation_key", flat=True)
    }
    reasons = {}
    for row in rows:
        page = pages.get((row.key, row.locale))
        reasons[(row.key, row.locale)] = reason_for(clinic=clinic, page=page, hidden=row.key in hidden, rules=rules)
    return reasons


def reason_for(*, clinic: ClinicProfile, page: ArticlePage | None, hidden: bool, rules: Rules) -> str:
    if page is None:
        return events.WITHDRAWN_DELETED
    if not page.live:
        return events.WITHDRAWN_UNPUBLISHED
    if hidden:
        return events.WITHDRAWN_HIDDEN
    roots = [clinic.homes.get(page.locale_id), rules.structure.libraries.get(page.locale_id)]
    in_trees = any(root is not None and page.path.startswith(root.path) and page.depth > root.depth for root in roots)
    if not in_trees or page.locale_id not in {locale.pk for locale in rules.locales_read(clinic)}:
        return events.WITHDRAWN_MOVED
    review = page.live_review
    if review is None or review.revision_id != page.live_revision_id or review.decision != review.APPROVED:
        return events.WITHDRAWN_NOT_APPROVED
    if not rules.review_settings.serve_overdue and (
        review.next_review_due is None or review.next_review_due < rules.on
    ):
        return events.WITHDRAWN_OVERDUE
    return events.WITHDRAWN_NOT_APPROVED


def api_path(clinic: ClinicProfile, *parts: str) -> str:
    return "/".join(["/api/v1/clinics", clinic.slug, *parts]) + "/"


def article_change(
    clinic: ClinicProfile,
    kind: str,
    *,
    key: str,
    locale: str,
    slug: str,
    reason: str | None = None,
    previous_slug: str | None = None,
) -> ClinicChange:
    slugs = [slug] if previous_slug is None else [slug, previous_slug]
    data = {
        "kind": "article",
        "key": key,
        "locale": locale,
        "slug": slug,
        "urls": [front_end_article_url(clinic=clinic, language_code=locale, slug=each) for each in slugs],
        "paths": [api_path(clinic, "articles", each) for each in slugs]
        + [api_path(clinic, "articles"), api_path(clinic, "sitemap")],
        "surrogate_keys": sorted({tags.content(key), tags.SHARED_LIST, tags.clinic_list(clinic.pk), tags.LISTS}),
    }
    if previous_slug is not None:
        data["previous_slug"] = previous_slug
    if reason is not None:
        data["reason"] = reason
    return ClinicChange(clinic_id=clinic.pk, type=kind, created_at=timezone.now(), data=data)


def other_change(clinic: ClinicProfile, *, kind: str, key: str, locale: str) -> ClinicChange:
    """A contact block, disclaimer or the clinic's record: changed, appeared or gone alike."""
    if kind == ServedState.KIND_CONTACT:
        event, paths, keys = events.CONTACT_CHANGED, [api_path(clinic, "contact")], [tags.clinic(clinic.pk)]
    elif kind == ServedState.KIND_DISCLAIMER:
        event, paths, keys = (
            events.DISCLAIMER_CHANGED,
            [api_path(clinic, "articles")],
            [tags.content(key), tags.DISCLAIMERS],
        )
    else:
        event, paths, keys = (
            events.CLINIC_CHANGED,
            ["/api/v1/clinics/", api_path(clinic)],
            [tags.clinic(clinic.pk), tags.STRUCTURE],
        )
    data = {
        "kind": kind,
        "key": key,
        "locale": locale,
        "urls": [clinic.frontend_base_url + "/"] if kind == ServedState.KIND_CLINIC else [],
        "paths": paths,
        "surrogate_keys": sorted(keys),
    }
    return ClinicChange(clinic_id=clinic.pk, type=event, created_at=timezone.now(), data=data)


def taxonomy_change(clinic: ClinicProfile) -> ClinicChange:
    data = {
        "kind": "taxonomy",
        "key": "",
        "locale": "",
        "urls": [],
        "paths": [api_path(clinic, "categories"), api_path(clinic, "tags"), api_path(clinic, "articles")],
        "surrogate_keys": sorted({tags.TAXONOMY, tags.LISTS}),
    }
    return ClinicChange(clinic_id=clinic.pk, type=events.TAXONOMY_CHANGED, created_at=timezone.now(), data=data)
