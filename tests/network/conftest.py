"""Users for the medical review tests: the demo editor and reviewer, a superuser without a
reviewer profile, and a Phoenix clinic editor."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission

from clinics.models import Clinic


@pytest.fixture
def editor(db):
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.get(username="reviewer")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def clinic_editor(db):
    """Edits Phoenix's tree (add, change, publish even) but is no medical reviewer: not the demo's
    Phoenix editor (who cannot publish), a stronger one, to show review holds even for them."""
    user = get_user_model().objects.create_user("phoenix-publisher", "phoenix-publisher@example.com", "x")
    group = Group.objects.create(name="Phoenix publishers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    home = Clinic.objects.get(slug="phoenix").site.root_page
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=group, page=home, permission=Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
