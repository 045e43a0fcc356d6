"""Writes for clinics: giving a clinic its Site and page tree in each of its locales, draft
contact blocks to fill in, and its team (an editors' group with its rights, an image collection)."""

from itertools import chain, count

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.actions.create import CreateAction
from wagtail.coreutils import find_available_slug
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from network.services import IMAGE_PERMISSIONS, ensure_network_collection, image_permission

from .models import Clinic, ClinicHomePage, ContactBlock

SITE_DOMAIN = "clinic-network.internal"


def free_site_hostname_for(*, clinic: Clinic) -> str:
    """A free Wagtail Site hostname for the clinic, from its slug; internal, since its pages are
    served by its own front-end. A renamed clinic keeps its Site, so a new clinic that takes the
    old slug gets the next free name (``tempe-1.…``), as its home page gets the next free slug."""
    taken = set(Site.objects.filter(hostname__endswith=f".{SITE_DOMAIN}").values_list("hostname", flat=True))
    hostnames = (f"{name}.{SITE_DOMAIN}" for name in chain([clinic.slug], (f"{clinic.slug}-{n}" for n in count(1))))
    return next(hostname for hostname in hostnames if hostname not in taken)


@transaction.atomic
def ensure_clinic_tree(*, clinic: Clinic) -> ClinicHomePage:
    """Give the clinic a home page in the default locale, a translation of it in each of its
    other locales, and a Site rooted at the default one. Safe to call again at any time.

    The home page's slug is only a tree address (the API finds a clinic by its own slug), so it
    takes the first free one beside the shared library and the other clinics' homes: a clinic
    called ``library``, or one reusing a renamed clinic's slug, gets ``library-1``."""
    default_locale = Locale.get_default()
    home = clinic.site.root_page.specific if clinic.site is not None else None
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=ClinicHomePage(
                title=clinic.name, slug=find_available_slug(root, clinic.slug), locale=default_locale
            )
        )
        home.save_revision().publish()
    if not clinic.site_id:
        clinic.site = Site.objects.create(
            hostname=free_site_hostname_for(clinic=clinic), port=80, root_page=home, site_name=clinic.name
        )
        clinic.save(update_fields=["site"])
    for locale in clinic.locales.exclude(pk=default_locale.pk):
        if not home.has_translation(locale):
            translation = home.copy_for_translation(locale, copy_parents=True)
            translation.save_revision().publish()
    return home


def clinic_home_for(*, clinic: Clinic, locale: Locale) -> ClinicHomePage | None:
    """The clinic's home page in one locale, or None if the clinic has no tree in it."""
    if clinic.site is None:
        return None
    root = clinic.site.root_page
    if root.locale_id == locale.pk:
        return root
    return ClinicHomePage.objects.filter(translation_key=root.translation_key, locale=locale).first()


# The call to action a new contact block draft starts with, in the languages the network writes;
# in another language the field starts empty.
DRAFT_CALL_TO_ACTION = {"en": "Book a consultation", "es": "Reserve una consulta"}


@transaction.atomic
def create_contact_block_drafts(*, clinic: Clinic, user=None) -> list[ContactBlock]:
    """A draft contact block for each of the clinic's locales that has none yet, filled in with
    what the clinic record knows (city, state, a call to action). A draft is never served: the
    clinic's editor completes the phone, street and ZIP code and publishes it. Safe to call again.

    Wagtail's ``CreateAction`` saves each draft with its first revision and a ``wagtail.create``
    audit entry by the admin user, as the contact block's own create view does."""
    have = set(ContactBlock.objects.filter(clinic=clinic).values_list("locale_id", flat=True))
    drafts = []
    for locale in clinic.locales.order_by("language_code"):
        if locale.pk in have:
            continue
        draft = ContactBlock(
            clinic=clinic,
            locale=locale,
            address_locality=clinic.city,
            address_region=clinic.state,
            call_to_action=DRAFT_CALL_TO_ACTION.get(locale.language_code, ""),
        )
        drafts.append(CreateAction(draft, user=user, clean=False).execute(skip_permission_checks=True))
    return drafts


CLINIC_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
# Rights on models whose objects belong to one clinic: narrowed to the editors' own clinic by
# clinics.permissions.ClinicScopedPermissionPolicy (Wagtail grants snippet rights for every object).
CLINIC_EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("simple_translation", "submit_translation"),  # into the languages the clinic serves
    ("clinics", "add_contactblock"),
    ("clinics", "change_contactblock"),
    ("articles", "add_sharedarticleoverride"),
    ("articles", "change_sharedarticleoverride"),
    ("articles", "delete_sharedarticleoverride"),
    # Local texts of shared articles: written and submitted for medical review, never published.
    ("articles", "add_localarticletext"),
    ("articles", "change_localarticletext"),
    ("articles", "delete_localarticletext"),
)


def clinic_homes(*, clinic: Clinic) -> list[ClinicHomePage]:
    """The clinic's home page in each locale it has one."""
    if clinic.site is None:
        return []
    return list(ClinicHomePage.objects.filter(translation_key=clinic.site.root_page.translation_key))


@transaction.atomic
def ensure_clinic_editors_group(*, clinic: Clinic) -> Group:
    """The clinic's team: the group of its editors (``clinic.editors_group``) with its rights, and
    the clinic's image collection (``clinic.collection``). Safe to call again at any time; every
    save of a clinic in the admin and every ``migrate`` call it, so rights stay in step.

    - pages: add, change, lock and unlock on the clinic's home pages (so on its articles and
      nothing else); they submit for medical review, they do not publish;
    - contact blocks, overrides and local texts of shared articles: the model rights above, which
      ``ClinicScopedPermissionPolicy`` narrows to this clinic's objects;
    - images: add, change and choose in the clinic's collection; choose in the network's.

    A group made before ``editors_group`` existed is found by its rights on the clinic's tree,
    never by name, so a new clinic that takes a renamed clinic's name never inherits its editors."""
    homes = clinic_homes(clinic=clinic)
    page_permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=CLINIC_EDITOR_PAGE_PERMISSIONS)
    )
    group = clinic.editors_group or (
        Group.objects.filter(
            clinic=None, page_permissions__page__in=homes, page_permissions__permission__in=page_permissions
        )
        .order_by("pk")
        .first()
    )
    if group is None:
        name = next(
            candidate
            for candidate in chain([f"{clinic.name} editors"], (f"{clinic.name} editors ({n})" for n in count(2)))
            if not Group.objects.filter(name=candidate).exists()
        )
        group = Group.objects.create(name=name)
    for app_label, codename in CLINIC_EDITOR_MODEL_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    for home in homes:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    collection = ensure_clinic_collection(clinic=clinic)
    network = ensure_network_collection()
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=image_permission(codename)
        )
    GroupCollectionPermission.objects.get_or_create(
        group=group, collection=network, permission=image_permission("choose_image")
    )
    if clinic.editors_group_id != group.pk:
        clinic.editors_group = group
        clinic.save(update_fields=["editors_group"])
    return group


def ensure_clinic_collection(*, clinic: Clinic) -> Collection:
    """The clinic's own image collection, beside the network's, named after the clinic."""
    collection = clinic.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=clinic.name)
        clinic.collection = collection
        clinic.save(update_fields=["collection"])
    elif collection.name != clinic.name:
        collection.name = clinic.name
        collection.save(update_fields=["name"])
    return collection


def ensure_every_clinic_team() -> None:
    """``ensure_clinic_editors_group`` for every clinic (after each ``migrate``)."""
    for clinic in Clinic.objects.select_related("site__root_page", "editors_group", "collection"):
        ensure_clinic_editors_group(clinic=clinic)
