"""A clinic's editor adapts a shared article through the real admin views: writes their clinic's
local introduction and call to action, submits it for medical review (never publishes it), and
is told when the shared article changes since their text was approved: a notice with a link to
the master's comparison, the "Overrides out of date" report and a dashboard count, until they
confirm (recorded in the audit log) or have an edit approved. Another clinic's editor sees none of it."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, ModelLogEntry
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticlePage, LocalArticleText
from clinics.models import Clinic, ClinicHomePage
from network.models import SharedLibraryPage
from network.review import awaiting_review, decide_review
from tests.factories import approve_and_publish, local_text_of

pytestmark = pytest.mark.django_db

LOCAL_BY_DEMO = "preparing-for-your-first-infusion"
MASTER = "esketamine-vs-iv-ketamine"
ADD = "wagtailsnippets_articles_localarticletext:add"


def editor_of(slug: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=f"{slug}-editor"))
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def shared(slug: str, code: str = "en") -> ArticlePage:
    return ArticlePage.objects.child_of(SharedLibraryPage.objects.get(locale__language_code=code)).get(slug=slug)


def clinic(slug: str) -> Clinic:
    return Clinic.objects.get(slug=slug)


def edit_url(text: LocalArticleText) -> str:
    return reverse("wagtailsnippets_articles_localarticletext:edit", args=(text.pk,))


def form(*, clinic_slug: str, article: ArticlePage, introduction: str, call_to_action: str = "", **actions) -> dict:
    return {
        "clinic": clinic(clinic_slug).pk,
        "article": article.pk,
        "introduction": rich_text(introduction),
        "call_to_action": call_to_action,
        **actions,
    }


def demo_text() -> LocalArticleText:
    return LocalArticleText.objects.get(clinic__slug="phoenix", article=shared(LOCAL_BY_DEMO))


def change_the_master() -> ArticlePage:
    """The shared article gets a new approved revision (the network's editor and reviewer)."""
    article = shared(LOCAL_BY_DEMO)
    article.summary = "A revised summary after the latest guidance."
    return approve_and_publish(article)


# Writing and submitting


def test_a_clinic_editor_writes_and_submits_a_local_text_that_is_served_once_approved(network_api):
    phoenix = editor_of("phoenix")
    master = shared(MASTER)
    add = phoenix.get(reverse(ADD))
    assert add.status_code == 200
    assert list(add.context["form"].fields["clinic"].queryset) == [clinic("phoenix")]
    response = phoenix.post(
        reverse(ADD),
        form(
            clinic_slug="phoenix",
            article=master,
            introduction="<p>Our nurses explain both options.</p>",
            call_to_action="Ask our nurses",
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    text = LocalArticleText.objects.get(clinic__slug="phoenix", article=master)
    assert not text.live and text.workflow_in_progress
    assert "Our nurses" not in str(network_api.get(f"/api/v1/clinics/phoenix/articles/{MASTER}/").json())
    assert text in [state.workflow_state.content_object for state in awaiting_review()]

    decide_review(content=text, user=get_user_model().objects.get(username="reviewer"), approve=True)
    body = network_api.get(f"/api/v1/clinics/phoenix/articles/{MASTER}/").json()["body"]
    assert body[0]["value"] == "<p>Our nurses explain both options.</p>"
    actions = set(ModelLogEntry.objects.filter(object_id=str(text.pk)).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.workflow.start", "network.medical_review.approve", "wagtail.publish"} <= actions


def test_a_clinic_editor_cannot_publish_a_local_text(network_api):
    phoenix = editor_of("phoenix")
    text = demo_text()
    edit = phoenix.get(edit_url(text))
    assert edit.status_code == 200
    assert 'name="action-publish"' not in edit.content.decode()
    response = phoenix.post(
        edit_url(text),
        form(
            clinic_slug="phoenix",
            article=text.article,
            introduction="<p>Unreviewed change.</p>",
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    text.refresh_from_db()
    assert "Unreviewed change" not in text.introduction  # the served row is untouched
    assert "Unreviewed change" in text.get_latest_revision_as_object().introduction  # kept as a draft
    detail = network_api.get(f"/api/v1/clinics/phoenix/articles/{LOCAL_BY_DEMO}/").json()
    assert "Unreviewed change" not in str(detail)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("another clinic", "clinic"),
        ("a clinic article", "shared library"),
        ("a language the clinic does not serve", "does not publish in"),
        ("no text", "Write a local introduction"),
        ("a second text of the same article", "already has local text"),
    ],
)
def test_a_local_text_form_refuses_bad_input_with_a_message(case, expected):
    phoenix = editor_of("phoenix")
    data = form(clinic_slug="phoenix", article=shared(MASTER), introduction="<p>Words.</p>", **{"action-submit": "1"})
    if case == "another clinic":
        data["clinic"] = clinic("peoria").pk
    elif case == "a clinic article":
        home = ClinicHomePage.objects.get(pk=clinic("phoenix").site.root_page_id)
        data["article"] = ArticlePage.objects.child_of(home).first().pk
    elif case == "a language the clinic does not serve":
        peoria = editor_of("peoria")
        spanish = shared(LOCAL_BY_DEMO).get_translation(Locale.objects.get(language_code="es"))
        data = form(clinic_slug="peoria", article=spanish, introduction="<p>Palabras.</p>")
        phoenix = peoria
    elif case == "no text":
        data["introduction"] = rich_text("")
    elif case == "a second text of the same article":
        data["article"] = shared(LOCAL_BY_DEMO).pk
    before = LocalArticleText.objects.count()
    response = phoenix.post(reverse(ADD), data)
    assert response.status_code == 200
    assert expected in text_of(response)
    assert LocalArticleText.objects.count() == before


def test_the_listing_and_chooser_hold_their_clinics_local_texts_only():
    local_text_of(clinic_slug="peoria", article=shared(MASTER), introduction="<p>Peoria words.</p>")
    phoenix = editor_of("phoenix")
    listing = phoenix.get(reverse("wagtailsnippets_articles_localarticletext:list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    for text in LocalArticleText.objects.all():
        assert (edit_url(text) in page) == (text.clinic.slug == "phoenix"), text
    assert "Peoria" not in text_of(listing)
    chooser = phoenix.get(reverse("wagtailsnippetchoosers_articles_localarticletext:choose"))
    ids = set(re.findall(r"chosen/(\d+)/", chooser.content.decode()))
    assert ids == {
        str(pk) for pk in LocalArticleText.objects.filter(clinic__slug="phoenix").values_list("pk", flat=True)
    }


# Drift


def test_no_notice_while_the_text_matches_the_served_master():
    response = editor_of("phoenix").get(edit_url(demo_text()))
    assert "Your text matches the shared article as it is served now." in text_of(response)
    assert "data-master-changed" not in response.content.decode()


def test_the_masters_next_approval_shows_a_notice_a_report_row_and_a_dashboard_count(network_api):
    served = network_api.get(f"/api/v1/clinics/phoenix/articles/{LOCAL_BY_DEMO}/").json()["body"][0]
    master = change_the_master()
    phoenix = editor_of("phoenix")
    text = demo_text()

    notice = phoenix.get(edit_url(text))
    words = text_of(notice)
    assert f"The shared article changed on {master.live_review.reviewed_at:%-d %b %Y}" in words
    assert "since your text was approved" in words
    compare = re.search(r'href="([^"]+/revisions/compare/[^"]+)"', notice.content.decode()).group(1)
    comparison = phoenix.get(compare)
    assert comparison.status_code == 200  # a clinic editor reads what changed in the master
    assert "A revised summary after the latest guidance." in text_of(comparison)
    assert reverse("wagtailadmin_pages:edit", args=(master.pk,)) not in comparison.content.decode()  # not theirs

    report = phoenix.get(reverse("articles_overrides_out_of_date"))
    assert report.status_code == 200
    assert f'data-out-of-date="{text.pk}"' in report.content.decode()
    home = phoenix.get(reverse("wagtailadmin_home"))
    assert 'data-out-of-date-count="1"' in home.content.decode()  # the English text: the Spanish master is unchanged

    # The text stays served until the clinic acts.
    assert network_api.get(f"/api/v1/clinics/phoenix/articles/{LOCAL_BY_DEMO}/").json()["body"][0] == served


def test_confirming_records_who_and_when_and_clears_the_drift():
    change_the_master()
    phoenix = editor_of("phoenix")
    text = demo_text()
    confirm = reverse("articles_confirm_local_text", args=(text.pk,))
    page = phoenix.get(confirm)
    assert page.status_code == 200 and "It still fits: confirm" in text_of(page)
    response = phoenix.post(confirm)
    assert response.status_code == 302 and response["Location"] == edit_url(text)
    text.refresh_from_db()
    assert text.confirmed_by.username == "phoenix-editor" and text.confirmed_at is not None
    assert text.drift() is None
    entry = ModelLogEntry.objects.get(object_id=str(text.pk), action="articles.confirm_local_text")
    assert entry.user.username == "phoenix-editor"
    assert "Local text confirmed" in text_of(
        phoenix.get(reverse("wagtailsnippets_articles_localarticletext:history", args=(text.pk,)))
    )
    report = phoenix.get(reverse("articles_overrides_out_of_date"))
    assert f'data-out-of-date="{text.pk}"' not in report.content.decode()
    assert phoenix.get(confirm)["Location"] == edit_url(text)  # nothing left to confirm


def test_an_approved_edit_clears_the_drift_too():
    change_the_master()
    text = demo_text()
    assert text.drift() is not None
    draft = text.get_latest_revision_as_object()
    draft.introduction = "<p>Rewritten for the new guidance.</p>"
    approve_and_publish(draft, editor=get_user_model().objects.get(username="phoenix-editor"))
    assert LocalArticleText.objects.get(pk=text.pk).drift() is None


def test_another_clinics_editor_never_sees_nor_confirms_this_clinics_drift():
    change_the_master()
    peoria = editor_of("peoria")
    text = demo_text()
    assert peoria.get(reverse("articles_confirm_local_text", args=(text.pk,))).status_code == 404
    assert peoria.post(reverse("articles_confirm_local_text", args=(text.pk,))).status_code == 404
    assert LocalArticleText.objects.get(pk=text.pk).drift() is not None
    report = peoria.get(reverse("articles_overrides_out_of_date"))
    assert report.status_code == 200 and "data-out-of-date=" not in report.content.decode()
    assert 'data-out-of-date-count="0"' in peoria.get(reverse("wagtailadmin_home")).content.decode()


def test_the_report_is_refused_to_those_who_write_no_local_texts():
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="reviewer"))
    assert client.get(reverse("articles_overrides_out_of_date")).status_code in (302, 403)


# Pins


def test_a_clinic_editor_pins_a_shared_article_from_the_admin_and_it_leads_their_list(network_api):
    phoenix = editor_of("phoenix")
    add = reverse("wagtailsnippets_articles_sharedarticleoverride:add")
    data = {"clinic": clinic("phoenix").pk, "article": shared(MASTER).pk, "pinned": "on", "pin_order": "0"}
    both = phoenix.post(add, {**data, "hidden": "on"})
    assert both.status_code == 200 and "cannot be pinned" in text_of(both)
    assert phoenix.post(add, data).status_code == 302
    items = network_api.get("/api/v1/clinics/phoenix/articles/").json()["results"]
    # Both pins at 0: the earlier pin first (the demo's), then this one, then the rest.
    assert [item["slug"] for item in items[:2]] == ["understanding-insurance-and-costs", MASTER]
    assert [item["pinned"] for item in items[:3]] == [True, True, False]
    assert network_api.get("/api/v1/clinics/peoria/articles/").json()["results"][0]["pinned"] is False


# Review


def test_a_reviewer_approves_a_local_text_from_the_desk_through_the_review_modal(network_api):
    text = local_text_of(
        clinic_slug="peoria", article=shared(MASTER), introduction="<p>Peoria's words.</p>", approve=False
    )
    from network.review import submit_for_review

    submit_for_review(content=text, user=get_user_model().objects.get(username="peoria-editor"))
    reviewer = Client(raise_request_exception=False)
    reviewer.force_login(get_user_model().objects.get(username="reviewer"))
    desk = reviewer.get(reverse("medical_review_dashboard"))
    assert desk.status_code == 200 and "Esketamine" in text_of(desk)
    task_state = LocalArticleText.objects.get(pk=text.pk).current_workflow_task_state
    approve = reverse(
        LocalArticleText.snippet_viewset.get_url_name("workflow_action"), args=(text.pk, "approve", task_state.pk)
    )
    modal = reverse(LocalArticleText.snippet_viewset.get_url_name("history"), args=(text.pk,))
    assert reviewer.get(modal).status_code == 200
    response = reviewer.post(approve, {"comment": "Fits the article."})
    assert response.status_code == 302, response.status_code
    body = network_api.get(f"/api/v1/clinics/peoria/articles/{MASTER}/").json()["body"]
    assert body[0] == {"type": "local_introduction", "value": "<p>Peoria's words.</p>", "id": body[0]["id"]}
    assert refused_edit(reviewer, text)


def refused_edit(client: Client, text: LocalArticleText) -> bool:
    response = client.get(edit_url(text))
    return response.status_code in (302, 403, 404)


# The clinic editor's dashboard


def test_the_dashboard_shows_their_clinics_work_in_progress_and_nothing_of_anothers():
    from network.review import decide_review as decide
    from network.review import submit_for_review
    from tests.factories import ArticlePageFactory

    phoenix_home = clinic("phoenix").site.root_page
    peoria_home = clinic("peoria").site.root_page
    author = get_user_model().objects.get(username="phoenix-editor")
    draft = ArticlePageFactory(parent=phoenix_home, title="Phoenix parking draft", slug="phoenix-parking")
    draft.save_revision(user=author)
    in_review = ArticlePageFactory(parent=phoenix_home, title="Phoenix hours in review", slug="phoenix-hours")
    in_review.save_revision(user=author)
    submit_for_review(content=in_review, user=author)
    asked = ArticlePageFactory(parent=phoenix_home, title="Phoenix claims to fix", slug="phoenix-claims")
    asked.save_revision(user=author)
    submit_for_review(content=asked, user=author)
    decide(content=asked, user=get_user_model().objects.get(username="reviewer"), approve=False, comment="Cite it.")
    ArticlePageFactory(parent=peoria_home, title="Peoria secret draft", slug="peoria-secret").save_revision()
    change_the_master()

    home = editor_of("phoenix").get(reverse("wagtailadmin_home"))
    page = home.content.decode()
    words = text_of(home)
    assert 'data-clinic-work="phoenix"' in page and 'data-clinic-work="peoria"' not in page
    for title in ("Phoenix parking draft", "Phoenix hours in review", "Phoenix claims to fix"):
        assert title in words, title
    rows = dict(re.findall(r"<th scope=\"row\"[^>]*>([^<]+)</th>\s*<td[^>]*><strong>(\d+)</strong>", page))
    assert rows["Drafts not yet submitted"] == "1"
    assert rows["In medical review"] == "1"
    assert rows["Changes requested"] == "1"
    assert rows["Local texts whose shared article changed"] == "1"
    assert "Peoria secret draft" not in words and "Peoria" not in words


# Found by an adversarial reading


def test_a_clinic_editor_who_is_also_a_reviewer_reads_other_clinics_texts_but_changes_none():
    from network.services import make_medical_reviewer

    theirs = local_text_of(clinic_slug="peoria", article=shared(MASTER), introduction="<p>Peoria words.</p>")
    make_medical_reviewer(
        user=get_user_model().objects.get(username="phoenix-editor"), display_name="Dr. Pat Dual", credentials="MD"
    )
    dual = editor_of("phoenix")
    assert dual.get(edit_url(theirs)).status_code == 200  # a reviewer reads every clinic's medical text
    taken = form(clinic_slug="phoenix", article=theirs.article, introduction="<p>Phoenix took it.</p>")
    assert dual.post(edit_url(theirs), taken).status_code == 404
    names = "wagtailsnippets_articles_localarticletext"
    for name in ("delete", "usage", "copy", "lock", "unlock"):
        assert dual.post(reverse(f"{names}:{name}", args=(theirs.pk,))).status_code == 404, name
    theirs = LocalArticleText.objects.get(pk=theirs.pk)
    assert theirs.clinic.slug == "peoria" and "Phoenix took it" not in str(
        theirs.get_latest_revision_as_object().introduction
    )


@pytest.mark.parametrize(
    "chooser",
    [
        "wagtailsnippetchoosers_articles_localarticletext",
        "wagtailsnippetchoosers_articles_sharedarticleoverride",
        "wagtailsnippetchoosers_clinics_contactblock",
    ],
)
def test_searching_a_clinic_scoped_chooser_answers_their_clinics_objects_only(chooser):
    from articles.models import SharedArticleOverride
    from clinics.models import ContactBlock

    local_text_of(clinic_slug="peoria", article=shared(MASTER), introduction="<p>Peoria words.</p>")
    SharedArticleOverride.objects.create(clinic=clinic("peoria"), article=shared(MASTER), hidden=True)
    model = {"localarticletext": LocalArticleText, "sharedarticleoverride": SharedArticleOverride}.get(
        chooser.rsplit("_", 1)[1], ContactBlock
    )
    theirs = set(model.objects.filter(clinic__slug="peoria").values_list("pk", flat=True))
    assert theirs
    for query in ("Peoria", "Ketamine", "words", "Esketamine"):
        response = editor_of("phoenix").get(reverse(f"{chooser}:choose_results"), {"q": query})
        assert response.status_code == 200, (query, response.status_code)
        chosen = {int(pk) for pk in re.findall(r"chosen/(\d+)/", response.content.decode())}
        assert not chosen & theirs, query


# The shared library, as a clinic's editors read it


def test_the_shared_library_lists_every_shared_article_with_their_clinics_overrides():
    phoenix = editor_of("phoenix")
    response = phoenix.get(reverse("articles_shared_library"))
    assert response.status_code == 200
    page = response.content.decode()
    shown = {int(pk) for pk in re.findall(r'data-article="(\d+)"', page)}
    library = ArticlePage.objects.filter(
        path__startswith=SharedLibraryPage.objects.get(locale__language_code="en").path
    ).exclude(pk=SharedLibraryPage.objects.get(locale__language_code="en").pk)
    assert shown and shown <= set(ArticlePage.objects.values_list("pk", flat=True))
    assert len(shown) == min(25, response.context["page"].paginator.count)
    assert response.context["page"].paginator.count >= library.count()  # English and Spanish versions
    rows = {row.article.slug + row.article.locale.language_code: row for row in response.context["rows"]}
    assert rows["understanding-insurance-and-costsen"].override == "pinned"
    assert rows[f"{LOCAL_BY_DEMO}en"].has_local_text
    searched = phoenix.get(reverse("articles_shared_library"), {"q": "insurance"}).context["rows"]
    assert [row.article.slug for row in searched] and all("Insurance" in row.article.title for row in searched)


def test_the_shared_librarys_links_open_a_prefilled_form_of_their_own_clinic():
    phoenix = editor_of("phoenix")
    rows = phoenix.get(reverse("articles_shared_library"), {"q": "Esketamine"}).context["rows"]
    row = next(row for row in rows if row.article.slug == MASTER)
    form_page = phoenix.get(row.local_text_url)
    assert form_page.status_code == 200
    form_ = form_page.context["form"]
    assert form_.initial["article"] == row.article.pk and form_.initial["clinic"] == clinic("phoenix").pk
    hostile = phoenix.get(reverse(ADD) + f"?clinic={clinic('peoria').pk}&article=x")
    assert hostile.status_code == 200 and "article" not in hostile.context["form"].initial
    refused = phoenix.post(
        reverse(ADD) + f"?clinic={clinic('peoria').pk}",
        form(clinic_slug="peoria", article=row.article, introduction="<p>Words.</p>"),
    )
    assert refused.status_code == 200 and "clinic" in refused.context["form"].errors


def test_the_shared_library_shows_nothing_of_another_clinic_and_is_for_clinic_editors_only():
    peoria = editor_of("peoria")
    response = peoria.get(reverse("articles_shared_library"), {"clinic": "phoenix"})
    assert response.context["clinic"].slug == "peoria"  # not theirs to pick
    assert all(row.override == "" and not row.has_local_text for row in response.context["rows"])
    assert all(row.article.locale.language_code == "en" for row in response.context["rows"])  # Peoria serves English
    for bad in ({"p": "abc"}, {"p": "99999"}, {"q": "x" * 5000}, {"p": "-1"}):
        assert peoria.get(reverse("articles_shared_library"), bad).status_code == 200, bad
    for username in ("reviewer", "editor", "admin"):
        other = Client(raise_request_exception=False)
        other.force_login(get_user_model().objects.get(username=username))
        assert other.get(reverse("articles_shared_library")).status_code in (302, 403), username
