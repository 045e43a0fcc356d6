"""Property: whatever clinic teams users join and leave, and whatever they then do in the admin
(list contact blocks, open one, save a change to one, open its history), a user reaches a
clinic's contact block only while they are in that clinic's editors' group."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.test.utils.form_data import nested_form_data, streamfield

from clinics.models import Clinic, ContactBlock

pytestmark = pytest.mark.django_db

USERS = 3
CLINICS = ["phoenix", "peoria", "tempe"]

joins = st.tuples(st.sampled_from(["join", "leave"]), st.integers(0, USERS - 1), st.sampled_from(CLINICS))
acts = st.tuples(
    st.sampled_from(["list", "open", "save", "history"]), st.integers(0, USERS - 1), st.sampled_from(CLINICS)
)
steps = st.lists(st.one_of(joins, acts), min_size=1, max_size=10)


def contact_form(block: ContactBlock, phone: str) -> dict:
    return nested_form_data(
        {
            "clinic": block.clinic_id,
            "phone": phone,
            "email": block.email,
            "booking_url": block.booking_url,
            "street_address": block.street_address,
            "address_locality": block.address_locality,
            "address_region": block.address_region,
            "postal_code": block.postal_code,
            "opening_hours": streamfield([]),
            "call_to_action": block.call_to_action,
        }
    )


def acting(users, steps):
    """Carry out the steps' joins and leaves of clinic teams; for every other step, yield its number,
    action and clinic, a client logged in as its user, and the clinics whose team the user is in now."""
    clinics = {clinic.slug: clinic for clinic in Clinic.objects.filter(slug__in=CLINICS)}
    teams: dict[int, set[str]] = {n: set() for n in range(USERS)}
    for number, (action, who, slug) in enumerate(steps):
        user, group = users[who], clinics[slug].editors_group
        if action in {"join", "leave"}:
            (user.groups.add if action == "join" else user.groups.remove)(group)
            (teams[who].add if action == "join" else teams[who].discard)(slug)
            continue
        client = Client(raise_request_exception=False)
        client.force_login(user)
        yield number, action, slug, client, teams[who]


@pytest.fixture
def users():
    User = get_user_model()
    return [User.objects.create_user(f"member-{n}", f"member-{n}@example.com", "x") for n in range(USERS)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_a_user_reaches_a_clinics_contact_blocks_only_while_on_its_team(users, steps):
    blocks = {slug: ContactBlock.objects.filter(clinic__slug=slug).order_by("pk").first() for slug in CLINICS}
    with transaction.atomic():
        for number, action, slug, client, team in acting(users, steps):
            block, member = blocks[slug], slug in team
            if action == "list":
                page = client.get(reverse("wagtailsnippets_clinics_contactblock:list")).content.decode()
                for each_slug, each in blocks.items():
                    listed = reverse("wagtailsnippets_clinics_contactblock:edit", args=(each.pk,)) in page
                    assert listed == (each_slug in team), (steps, number)
            elif action == "open":
                status = client.get(reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,))).status_code
                assert (status == 200) == member and status in {200, 404}, (steps, number, status)
            elif action == "history":
                url = reverse("wagtailsnippets_clinics_contactblock:history", args=(block.pk,))
                assert (client.get(url).status_code == 200) == member, (steps, number)
            else:
                phone = f"555-01{number:02d}"
                edit = reverse("wagtailsnippets_clinics_contactblock:edit", args=(block.pk,))
                client.post(edit, contact_form(block, phone))
                saved = block.revisions.filter(content__phone=phone).exists()
                assert saved == member, (steps, number)
        transaction.set_rollback(True)


@pytest.fixture
def local_texts() -> dict:
    """A local text of a shared article for each clinic (the demo's for Phoenix, drafts for the others)."""
    from articles.models import ArticlePage, LocalArticleText
    from network.models import SharedLibraryPage
    from tests.factories import local_text_of

    article = ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code="en")).first()
    texts = {}
    for slug in CLINICS:
        texts[slug] = LocalArticleText.objects.filter(clinic__slug=slug).order_by("pk").first() or local_text_of(
            clinic_slug=slug, article=article, introduction=f"<p>{slug} words.</p>", approve=False
        )
    return texts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_a_user_reaches_a_clinics_local_texts_only_while_on_its_team(users, local_texts, steps):
    from wagtail.test.utils.form_data import rich_text

    names = "wagtailsnippets_articles_localarticletext"
    with transaction.atomic():
        for number, action, slug, client, team in acting(users, steps):
            text, member = local_texts[slug], slug in team
            if action == "list":
                page = client.get(reverse(f"{names}:list")).content.decode()
                for each_slug, each in local_texts.items():
                    listed = reverse(f"{names}:edit", args=(each.pk,)) in page
                    assert listed == (each_slug in team), (steps, number)
            elif action == "open":
                status = client.get(reverse(f"{names}:edit", args=(text.pk,))).status_code
                assert (status == 200) == member and status in {200, 404}, (steps, number, status)
            elif action == "history":
                assert (client.get(reverse(f"{names}:history", args=(text.pk,))).status_code == 200) == member
            else:
                words = f"Words {number}."
                data = {
                    "clinic": text.clinic_id,
                    "article": text.article_id,
                    "introduction": rich_text(f"<p>{words}</p>"),
                    "call_to_action": "",
                }
                client.post(reverse(f"{names}:edit", args=(text.pk,)), data)
                saved = text.revisions.filter(content__introduction__icontains=words).exists()
                assert saved == member, (steps, number)
        transaction.set_rollback(True)
