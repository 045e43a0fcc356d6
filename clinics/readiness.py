"""What a clinic still lacks before its website can go live: a published contact block in each of
its locales, a front-end client with a key, and editors. Administrators see it as a checklist on
the clinic's edit view, on its home page in the admin and as the "Ready" column of the clinics
listing, each missing item with a link that fixes it.

Each check is a function of many clinics at once (a few queries for a whole listing page, none per
row). Checks about rooms above this one (front-end clients live in ``api``) are registered with
the ``clinic_readiness_checks`` Wagtail hook, so that this room does not import them.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language_info
from wagtail import hooks
from wagtail.models import GroupPagePermission, Page, Site

from .models import Clinic, ContactBlock
from .services import CLINIC_EDITOR_PAGE_PERMISSIONS

READINESS_CHECKS_HOOK = "clinic_readiness_checks"


@dataclass(frozen=True)
class ReadinessItem:
    """One line of the checklist: what, whether it is done, its state in words, and a link to
    fix it (or to look at it, once done)."""

    label: str
    done: bool
    state: str
    action_label: str = ""
    action_url: str = ""


@dataclass(frozen=True)
class ClinicReadiness:
    items: tuple[ReadinessItem, ...]

    @property
    def ready(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> tuple[ReadinessItem, ...]:
        return tuple(item for item in self.items if not item.done)


ReadinessCheck = Callable[[Sequence[Clinic]], dict[int, list[ReadinessItem]]]


def readiness_of(*, clinics: Sequence[Clinic]) -> dict[int, ClinicReadiness]:
    """Each clinic's checklist, by clinic id: the contact blocks, then what the registered checks
    add (in their hook order)."""
    found: dict[int, list[ReadinessItem]] = defaultdict(list)
    for check in hooks.get_hooks(READINESS_CHECKS_HOOK):
        for clinic_id, items in check(clinics).items():
            found[clinic_id].extend(items)
    return {clinic.pk: ClinicReadiness(items=tuple(found[clinic.pk])) for clinic in clinics}


def clinic_of_home(*, page: Page) -> Clinic | None:
    """The clinic whose home page (in any locale) this is."""
    return Clinic.objects.filter(site__root_page__translation_key=page.translation_key).first()


def contact_block_items(clinics: Sequence[Clinic]) -> dict[int, list[ReadinessItem]]:
    """A published contact block per locale of each clinic: two queries for any number of clinics."""
    ids = [clinic.pk for clinic in clinics]
    locales = defaultdict(list)
    for clinic_id, locale_id, code in (
        Clinic.locales.through.objects.filter(clinic_id__in=ids)
        .order_by("locale__language_code")
        .values_list("clinic_id", "locale_id", "locale__language_code")
    ):
        locales[clinic_id].append((locale_id, code))
    blocks = {
        (clinic_id, locale_id): (pk, live)
        for pk, clinic_id, locale_id, live in ContactBlock.objects.filter(clinic_id__in=ids).values_list(
            "pk", "clinic_id", "locale_id", "live"
        )
    }
    add_url = reverse("wagtailsnippets_clinics_contactblock:add")
    items: dict[int, list[ReadinessItem]] = {}
    for clinic_id in ids:
        items[clinic_id] = []
        for locale_id, code in locales[clinic_id]:
            label = f"Contact block ({language_name(code)})"
            block = blocks.get((clinic_id, locale_id))
            if block is None:
                items[clinic_id].append(
                    ReadinessItem(
                        label=label,
                        done=False,
                        state="Missing: articles go out without the clinic's phone and address.",
                        action_label=f"Add the {language_name(code)} contact block",
                        action_url=f"{add_url}?{urlencode({'locale': code, 'clinic': clinic_id})}",
                    )
                )
                continue
            pk, live = block
            edit_url = reverse("wagtailsnippets_clinics_contactblock:edit", args=(pk,))
            items[clinic_id].append(
                ReadinessItem(label=label, done=True, state="Published.", action_label="View", action_url=edit_url)
                if live
                else ReadinessItem(
                    label=label,
                    done=False,
                    state="Draft, not published: not served until it is complete and published.",
                    action_label="Complete and publish it",
                    action_url=edit_url,
                )
            )
    return items


def editor_items(clinics: Sequence[Clinic]) -> dict[int, list[ReadinessItem]]:
    """A group with page permissions on the clinic's home pages and at least one active user in
    it. Permissions on the root or the shared library (network-wide groups) do not count: they
    make no one this clinic's editor. Three queries for any number of clinics."""
    ids = [clinic.pk for clinic in clinics]
    roots = dict(Site.objects.filter(clinic__in=ids).values_list("clinic__id", "root_page__translation_key"))
    home_keys = {
        pk: key
        for pk, key in Page.objects.filter(translation_key__in=roots.values()).values_list("pk", "translation_key")
    }
    # By home page translation key; a clinic without a site looks up None and finds nothing.
    groups_by_key: defaultdict[uuid.UUID | None, dict[int, tuple[str, int]]] = defaultdict(dict)
    for row in (
        GroupPagePermission.objects.filter(
            page_id__in=home_keys, permission__codename__in=CLINIC_EDITOR_PAGE_PERMISSIONS
        )
        .values("page_id", "group_id", "group__name")
        .annotate(active=Count("group__user", filter=Q(group__user__is_active=True), distinct=True))
        .order_by("group__name", "group_id")
    ):
        groups_by_key[home_keys[row["page_id"]]][row["group_id"]] = (row["group__name"], row["active"])
    add_user_url = reverse("wagtailusers_users:add")
    users_url = reverse("wagtailusers_users:index")
    items = {}
    for clinic_id in ids:
        groups = groups_by_key.get(roots.get(clinic_id), {})
        with_editors = {group_id: (name, active) for group_id, (name, active) in groups.items() if active}
        if with_editors:
            group_id, (name, active) = next(iter(with_editors.items()))
            item = ReadinessItem(
                label="Editors",
                done=True,
                state=f"{active} active {'editor' if active == 1 else 'editors'} in “{name}”.",
                action_label="View them",
                action_url=f"{users_url}?{urlencode({'group': group_id})}",
            )
        elif groups:
            name = next(iter(groups.values()))[0]
            item = ReadinessItem(
                label="Editors",
                done=False,
                state=f"No active user in “{name}”, the group that edits this clinic's pages.",
                action_label=f"Add an editor (tick “{name}”)",
                action_url=add_user_url,
            )
        else:
            item = ReadinessItem(
                label="Editors",
                done=False,
                state="No group edits this clinic's pages. Saving the clinic creates one.",
                action_label="Edit the clinic and save it",
                action_url=reverse("wagtailsnippets_clinics_clinic:edit", args=(clinic_id,)),
            )
        items[clinic_id] = [item]
    return items


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code
