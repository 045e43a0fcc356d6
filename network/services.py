"""Writes for the network: its locales, the shared library tree, editors and reviewers."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page

from .models import DeliverySettings, MedicalReviewer, ReviewSettings, SharedLibraryPage
from .models.review import MEDICAL_REVIEWERS_GROUP

LIBRARY_SLUG = "library"


@transaction.atomic
def ensure_network_structure() -> SharedLibraryPage:
    """Create each content locale and the shared library in each of them. Safe to call again."""
    locales = [Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
    default_locale = Locale.get_default()
    library = SharedLibraryPage.objects.filter(locale=default_locale).first()
    if library is None:
        library = Page.get_first_root_node().add_child(
            instance=SharedLibraryPage(title="Shared library", slug=LIBRARY_SLUG, locale=default_locale)
        )
        library.save_revision().publish()
    for locale in locales:
        if locale.pk != default_locale.pk and not library.has_translation(locale):
            library.copy_for_translation(locale).save_revision().publish()
    ensure_network_collection()
    ReviewSettings.load()  # creates the settings rows now rather than on a first API request
    DeliverySettings.load()
    return library


NETWORK_COLLECTION = "Network images"
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


def image_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)


@transaction.atomic
def ensure_network_collection() -> Collection:
    """The collection of the network's own images (the shared library's), beside one collection
    per clinic. Images still in the root collection move into it: a permission on the root
    collection would reach every clinic's images. Safe to call again."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=NETWORK_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=NETWORK_COLLECTION)
    get_image_model().objects.filter(collection=root).update(collection=collection)
    return collection


NETWORK_EDITORS_GROUP = "Network editors"
NETWORK_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
NETWORK_EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("network", "add_disclaimer"),
    ("network", "change_disclaimer"),
    ("simple_translation", "submit_translation"),
)


@transaction.atomic
def ensure_network_editors_group(*, libraries) -> Group:
    """Editors of the shared library and disclaimers. They submit for medical review; they do
    not publish (only an approval publishes)."""
    group, _ = Group.objects.get_or_create(name=NETWORK_EDITORS_GROUP)
    for app_label, codename in NETWORK_EDITOR_MODEL_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    for library in libraries:
        for codename in NETWORK_EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=library, permission=Permission.objects.get(codename=codename)
            )
    # The network's images only: rights on the root collection would reach every clinic's.
    network = ensure_network_collection()
    GroupCollectionPermission.objects.filter(group=group).exclude(collection=network).delete()
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=network, permission=image_permission(codename)
        )
    return group


@transaction.atomic
def make_medical_reviewer(*, user, display_name: str, credentials: str, **profile) -> MedicalReviewer:
    """Give a user a reviewer profile and put them in the "Medical reviewers" group."""
    reviewer = MedicalReviewer(user=user, display_name=display_name, credentials=credentials, **profile)
    reviewer.full_clean()
    reviewer.save()
    user.groups.add(Group.objects.get(name=MEDICAL_REVIEWERS_GROUP))
    return reviewer
