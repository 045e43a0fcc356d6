"""Clinics' overrides of shared articles, as their websites receive them: pinned articles first
in the clinic's default list order, and a local introduction and call to action served to that
clinic only, once a medical reviewer approved them; other clinics see the master unchanged. Every
list and detail an override touches changes in the next answer, cached answers included."""

import pytest

from articles.models import ArticlePage, LocalArticleText, SharedArticleOverride
from clinics.models import Clinic
from network.models import SharedLibraryPage
from tests.factories import approve_and_publish, local_text_of, second_arizona_clinic
from tests.golden import assert_matches_golden

pytestmark = pytest.mark.django_db

PINNED_BY_DEMO = "understanding-insurance-and-costs"
LOCAL_BY_DEMO = "preparing-for-your-first-infusion"
MASTER = "esketamine-vs-iv-ketamine"


def shared(slug: str, code: str = "en") -> ArticlePage:
    library = SharedLibraryPage.objects.get(locale__language_code=code)
    return ArticlePage.objects.child_of(library).get(slug=slug)


def clinic(slug: str) -> Clinic:
    return Clinic.objects.get(slug=slug)


def list_of(api, slug: str, query: str = "") -> list[dict]:
    response = api.get(f"/api/v1/clinics/{slug}/articles/?page_size=100{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def detail(api, slug: str, article: str, query: str = "") -> dict:
    response = api.get(f"/api/v1/clinics/{slug}/articles/{article}/{query}")
    assert response.status_code == 200, response.content
    return response.json()


# Pins


def test_pinned_articles_come_first_in_the_clinics_order_then_newest_first(network_api):
    SharedArticleOverride.objects.create(clinic=clinic("peoria"), article=shared(MASTER), pinned=True, pin_order=2)
    SharedArticleOverride.objects.create(
        clinic=clinic("peoria"), article=shared(PINNED_BY_DEMO), pinned=True, pin_order=1
    )
    items = list_of(network_api, "peoria")
    assert [item["slug"] for item in items[:2]] == [PINNED_BY_DEMO, MASTER]
    assert [item["pinned"] for item in items] == [True, True] + [False] * (len(items) - 2)
    rest = [item["last_published_at"] for item in items[2:]]
    assert rest == sorted(rest, reverse=True)
    assert len({item["slug"] for item in items}) == len(items)


def test_pages_join_up_across_the_pins(network_api):
    whole = list_of(network_api, "phoenix")
    count = network_api.get("/api/v1/clinics/phoenix/articles/?page_size=1").json()["count"]
    paged = []
    for number in range(1, count + 1):
        page = network_api.get(f"/api/v1/clinics/phoenix/articles/?page_size=1&page={number}").json()
        assert page["count"] == len(whole)
        paged += page["results"]
    assert [item["slug"] for item in paged] == [item["slug"] for item in whole]
    assert paged[0]["slug"] == PINNED_BY_DEMO and paged[0]["pinned"] is True


def test_filters_narrow_the_pins_too_and_an_asked_order_or_search_ignores_them(network_api):
    in_safety = list_of(network_api, "phoenix", "&category=safety")
    assert PINNED_BY_DEMO not in [item["slug"] for item in in_safety]  # a costs article, not a safety one
    in_costs = list_of(network_api, "phoenix", "&category=costs-insurance")
    assert in_costs[0]["slug"] == PINNED_BY_DEMO
    by_title = list_of(network_api, "phoenix", "&ordering=title")
    assert [item["title"] for item in by_title] == sorted(item["title"] for item in by_title)
    assert any(item["pinned"] for item in by_title)  # still said, for a badge
    searched = list_of(network_api, "phoenix", "&search=insurance")
    assert PINNED_BY_DEMO in [item["slug"] for item in searched]


def test_another_clinics_pins_change_nothing_for_this_one(network_api):
    assert not any(item["pinned"] for item in list_of(network_api, "peoria"))
    assert not any(item["pinned"] for item in list_of(network_api, "fayetteville"))


def test_a_pin_and_its_removal_show_in_the_next_cached_list(network_api):
    before = list_of(network_api, "peoria")
    override = SharedArticleOverride.objects.create(clinic=clinic("peoria"), article=shared(MASTER), pinned=True)
    assert list_of(network_api, "peoria")[0]["slug"] == MASTER
    assert detail(network_api, "peoria", MASTER)["override"] == {
        "pinned": True,
        "local_introduction": False,
        "local_call_to_action": False,
    }
    override.delete()
    assert list_of(network_api, "peoria") == before
    assert "override" not in detail(network_api, "peoria", MASTER)


# Local texts


def test_the_demo_override_in_the_clinics_language(network_api):
    """Golden shape of an article with a clinic's override: its introduction first in the body,
    its call to action in the contact block, and what it changed."""
    data = detail(network_api, "phoenix", LOCAL_BY_DEMO, "?locale=es")
    assert_matches_golden("article_detail_phoenix_es_override", data)
    assert data["body"][0]["type"] == "local_introduction"
    assert data["body"][0]["value"].startswith("<p>En Ahwatukee Ketamine Clinic")
    assert data["contact"]["call_to_action"] == "Reserve una primera conversación con nuestro equipo médico"
    placeholders = [block for block in data["body"] if block["type"] == "contact"]
    assert placeholders and all(
        block["value"]["contact"]["call_to_action"] == data["contact"]["call_to_action"] for block in placeholders
    )
    assert data["override"]["medical_review"]["reviewed_by"]["name"] == "Dr. Jordan Sample"


def test_other_clinics_see_the_master_unchanged(network_api):
    for slug in ("peoria", "fayetteville"):
        data = detail(network_api, slug, LOCAL_BY_DEMO)
        assert "override" not in data
        assert data["body"][0]["type"] != "local_introduction"
        assert "Ahwatukee" not in str(data)


def test_a_local_text_is_withheld_until_approved_then_served_to_its_clinic_only(network_api):
    before = detail(network_api, "peoria", MASTER)
    text = local_text_of(
        clinic_slug="peoria",
        article=shared(MASTER),
        introduction="<p>Peoria's own words.</p>",
        call_to_action="Call Peoria today",
        approve=False,
    )
    assert detail(network_api, "peoria", MASTER) == before  # a draft: nothing served
    approve_and_publish(LocalArticleText.objects.get(pk=text.pk))
    after = detail(network_api, "peoria", MASTER)
    assert after["body"][0] == {
        "type": "local_introduction",
        "value": "<p>Peoria's own words.</p>",
        "id": after["body"][0]["id"],
    }
    assert after["contact"]["call_to_action"] == "Call Peoria today"
    assert after["override"]["local_introduction"] and after["override"]["local_call_to_action"]
    assert "Peoria's own words" not in str(detail(network_api, "phoenix", MASTER))


def test_an_edit_of_an_approved_local_text_is_not_served_before_its_approval(network_api):
    text = local_text_of(clinic_slug="peoria", article=shared(MASTER), introduction="<p>Approved words.</p>")
    served = detail(network_api, "peoria", MASTER)
    text = LocalArticleText.objects.get(pk=text.pk)
    text.introduction = "<p>Unreviewed words.</p>"
    text.save_revision()  # a draft, as the admin's "Save draft"
    assert detail(network_api, "peoria", MASTER) == served
    approve_and_publish(LocalArticleText.objects.get(pk=text.pk).get_latest_revision_as_object())
    assert detail(network_api, "peoria", MASTER)["body"][0]["value"] == "<p>Unreviewed words.</p>"


def test_a_local_introduction_is_sanitised_on_the_way_out(network_api):
    local_text_of(
        clinic_slug="peoria",
        article=shared(MASTER),
        introduction='<p onclick="steal()">Hi <a href="javascript:alert(1)">there</a><script>x()</script></p>',
    )
    html = detail(network_api, "peoria", MASTER)["body"][0]["value"]
    assert "onclick" not in html and "javascript:" not in html and "<script" not in html
    assert "Hi" in html


def test_a_local_text_of_a_version_in_another_language_changes_only_that_language(network_api):
    """Phoenix's demo texts exist in English and Spanish; without the Spanish one, a Spanish
    reader gets the master's Spanish text, never the English local text."""
    LocalArticleText.objects.filter(clinic=clinic("phoenix"), article__locale__language_code="es").delete()
    spanish = detail(network_api, "phoenix", LOCAL_BY_DEMO, "?locale=es")
    assert spanish["body"][0]["type"] != "local_introduction"
    assert "override" not in spanish
    english = detail(network_api, "phoenix", LOCAL_BY_DEMO)
    assert english["body"][0]["type"] == "local_introduction"


def test_moving_a_local_text_to_another_clinic_updates_both_clinics_answers(network_api):
    mesa = second_arizona_clinic(frontend_base_url="https://mesa.example.com")
    text = LocalArticleText.objects.get(clinic=clinic("phoenix"), article=shared(LOCAL_BY_DEMO))
    assert detail(network_api, "phoenix", LOCAL_BY_DEMO)["body"][0]["type"] == "local_introduction"
    network_api.get(f"/api/v1/clinics/{mesa.slug}/articles/{LOCAL_BY_DEMO}/")  # cached for Mesa too
    text.clinic = mesa
    text.save()  # an administrator's correction; a clinic's editor cannot choose another clinic
    assert "override" not in detail(network_api, "phoenix", LOCAL_BY_DEMO)
    assert detail(network_api, mesa.slug, LOCAL_BY_DEMO)["body"][0]["type"] == "local_introduction"


def test_a_clinic_article_carries_no_override(network_api):
    own = "your-first-visit-to-ahwatukee-ketamine-clinic"
    assert "override" not in detail(network_api, "phoenix", own)


def test_a_local_texts_approval_reaches_answers_cached_in_the_shared_redis(network_api, shared_redis):
    """The answer is cached in the Redis every process shares; the approval's invalidation is
    written there too, so no process serves the answer from before it."""
    from tests.processes import other_process

    path = f"/api/v1/clinics/peoria/articles/{MASTER}/"
    network_api.get(path)
    tag = f"clinic:{clinic('peoria').pk}"
    before = other_process(f"print(cache.tag_versions(['{tag}'])['{tag}'])")
    local_text_of(clinic_slug="peoria", article=shared(MASTER), introduction="<p>Shared by every process.</p>")
    assert other_process(f"print(cache.tag_versions(['{tag}'])['{tag}'])") != before
    assert network_api.get(path).json()["body"][0]["value"] == "<p>Shared by every process.</p>"


def test_a_spanish_reader_of_an_english_fallback_keeps_the_spanish_call_to_action(network_api):
    """The local text is in the language of the article served (English, as a fallback); the
    contact block is in the reader's (Spanish): its call to action stays Spanish."""
    assert not shared(MASTER).get_translations().filter(locale__language_code="es").exists()
    local_text_of(
        clinic_slug="phoenix",
        article=shared(MASTER),
        introduction="<p>Our English introduction.</p>",
        call_to_action="Call us today in English",
    )
    spanish = detail(network_api, "phoenix", MASTER, "?locale=es")
    assert spanish["locale"] == "en" and spanish["contact"]["locale"] == "es"
    assert spanish["contact"]["call_to_action"] == "Reserve una consulta"
    assert spanish["override"]["local_call_to_action"] is False
    assert spanish["body"][0]["type"] == "local_introduction"  # in the article's language, with its text
    english = detail(network_api, "phoenix", MASTER)
    assert english["contact"]["call_to_action"] == "Call us today in English"
