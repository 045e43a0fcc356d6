"""Approving an article with high-severity claim flags: the reviewer answers each flag with a
comment in the approve step, the answers are recorded with the approval and shown in the history,
and an approval that leaves a flag unanswered (from the modal, from "save and approve", from a
crafted POST or from code) records nothing and publishes nothing."""

import html
import json

import pytest
from django.urls import reverse

from articles.models import ArticlePage
from network.models import MedicalReview
from network.review import decide_review, submit_for_review
from network.review_flags import UnacknowledgedFlags, flags_to_acknowledge
from tests.admin.test_claims_in_admin import XHR, heading, paragraph, save_draft, shared, user, why
from tests.admin.test_editor_day import edit_form_data
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

SAFE = "Our infusions are completely safe."  # en.absolute_safety, high
MINIMISED = "Addiction is not a concern with our protocol."  # risk minimisation, high
EVIDENCE = "Studies show it helps."  # vague evidence, medium
# No rule matches it; the classifier flags it (tests/claims/test_classifier.py).
IMPLIED = "Your brain will finally get the fresh start it has been waiting for after years of depression."


def in_review(*body) -> tuple[ArticlePage, object]:
    article = shared()
    save_draft(article, *body)
    submit_for_review(content=article, user=user("editor"))
    article.refresh_from_db()
    return article, article.current_workflow_task_state


def approve_url(article, task_state) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk))


def answers(task_state, **comments_by_sentence) -> dict:
    """The approve form's fields for the flags whose sentence is given, with that comment."""
    flags = flags_to_acknowledge(revision=task_state.revision)
    return {
        flag.field_name: comments_by_sentence[flag.sentence] for flag in flags if flag.sentence in comments_by_sentence
    }


def field_names(task_state) -> list[str]:
    return [flag.field_name for flag in flags_to_acknowledge(revision=task_state.revision)]


def test_the_approve_step_asks_for_a_comment_on_each_high_severity_flag():
    article, task_state = in_review(heading("Safety"), paragraph(SAFE), paragraph(MINIMISED), paragraph(EVIDENCE))

    modal = logged_in(user("reviewer")).get(approve_url(article, task_state), **XHR).json()["html"]

    names = field_names(task_state)
    assert len(names) == 2
    for name in names:
        assert f'name="{name}"' in modal
    assert "Block 2 (Paragraph): “Our infusions are completely safe.”" in modal
    assert "Block 3 (Paragraph)" in modal
    assert html.escape(why("en.absolute_safety"), quote=True) in modal
    assert 'data-claims-to-acknowledge="2"' in modal
    # The medium flag is listed for reading, and asks for nothing.
    section = modal[modal.index('id="review-claims"') :]
    assert EVIDENCE in section and 'data-claims-severity="medium"' in section
    assert 'data-claims-severity="high"' not in section


def test_an_approval_without_every_answer_shows_which_flag_needs_one_and_records_nothing():
    article, task_state = in_review(paragraph(SAFE), paragraph(MINIMISED))
    client = logged_in(user("reviewer"))

    data = {"comment": "Fine.", **answers(task_state, **{SAFE: "Safety record in the FDA label."})}
    data.update({name: "   " for name in field_names(task_state) if name not in data})
    response = client.post(approve_url(article, task_state), data, **XHR)

    modal = response.json()["html"]
    assert response.json()["step"] == "action"
    assert "Acknowledge this flag: say why the sentence can stand" in modal
    assert modal.count("error-message") >= 1
    assert not MedicalReview.objects.filter(task_state=task_state).exists()
    article.refresh_from_db()
    assert article.current_workflow_task_state == task_state  # still in review, nothing published


def test_the_answers_are_recorded_with_the_approval_and_shown_in_the_history():
    article, task_state = in_review(paragraph(SAFE), paragraph(MINIMISED), paragraph(EVIDENCE))
    client = logged_in(user("reviewer"))
    data = {
        "comment": "Accurate.",
        **answers(
            task_state,
            **{SAFE: "Reworded at the next review; the clinic's safety record backs it.", MINIMISED: "Cited (NIDA)."},
        ),
    }

    assert client.post(approve_url(article, task_state), data).status_code == 302

    review = MedicalReview.objects.get(task_state=task_state, decision=MedicalReview.APPROVED)
    recorded = {entry["sentence"]: entry for entry in review.acknowledged_flags}
    assert set(recorded) == {SAFE, MINIMISED}
    assert recorded[SAFE]["rule"] == "en.absolute_safety"
    assert recorded[SAFE]["where"] == "Block 1 (Paragraph)"
    assert recorded[MINIMISED]["comment"] == "Cited (NIDA)."
    article.refresh_from_db()
    assert article.live_revision_id == task_state.revision_id

    history = client.get(reverse("wagtailadmin_pages:history", args=(article.pk,))).content.decode()
    assert "Acknowledged absolute safety flag (Block 1 (Paragraph))" in history
    assert "Cited (NIDA)." in history


def test_the_next_approval_offers_the_earlier_answers_again():
    article, task_state = in_review(paragraph(SAFE))
    client = logged_in(user("reviewer"))
    client.post(
        approve_url(article, task_state), {"comment": "", **answers(task_state, **{SAFE: "Backed by our audit."})}
    )

    article, second = in_review(paragraph(SAFE), paragraph("A new closing line."))
    modal = client.get(approve_url(article, second), **XHR).json()["html"]

    assert "Backed by our audit." in modal
    assert "Acknowledged at the last approval by" in modal


def test_save_and_approve_needs_the_answers_too():
    article, task_state = in_review(paragraph(SAFE))
    client = logged_in(user("reviewer"))
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))

    def save_and_approve(extra: dict):
        data = edit_form_data(ArticlePage.objects.get(pk=article.pk))
        data.update(
            {
                "action-workflow-action": "1",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps(extra),
            }
        )
        return client.post(edit, data, follow=True)

    refused = save_and_approve({"comment": "Fine."})
    assert "Nothing was decided" in refused.content.decode()
    assert not MedicalReview.objects.filter(task_state=task_state).exists()

    save_and_approve({"comment": "Fine.", **answers(task_state, **{SAFE: "Read in context."})})
    review = MedicalReview.objects.get(task_state=task_state)
    assert [entry["comment"] for entry in review.acknowledged_flags] == ["Read in context."]


def test_a_crafted_approval_without_answers_is_refused_and_records_nothing():
    """A POST that skips the modal's validation (no XHR) and code calling the review service."""
    article, task_state = in_review(paragraph(SAFE))

    response = logged_in(user("reviewer")).post(approve_url(article, task_state), {"comment": "Fine."})
    assert response.status_code == 302
    with pytest.raises(UnacknowledgedFlags):
        decide_review(content=article, user=user("reviewer"), approve=True, comment="Fine.")

    assert not MedicalReview.objects.filter(task_state=task_state).exists()
    article.refresh_from_db()
    assert article.current_workflow_task_state == task_state


def test_an_article_with_only_lower_severity_flags_is_approved_with_no_answers():
    article, task_state = in_review(paragraph(EVIDENCE))

    assert field_names(task_state) == []
    assert logged_in(user("reviewer")).post(approve_url(article, task_state), {"comment": ""}).status_code == 302
    assert MedicalReview.objects.get(task_state=task_state).acknowledged_flags == []


def test_requesting_changes_needs_no_answers():
    article, task_state = in_review(paragraph(SAFE))
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "reject", task_state.pk))

    logged_in(user("reviewer")).post(url, {"comment": "Drop 'completely safe'."})

    assert MedicalReview.objects.get(task_state=task_state).decision == MedicalReview.REJECTED


def test_a_clinics_local_text_with_a_high_severity_flag_needs_an_answer_too():
    from articles.models import LocalArticleText
    from tests.factories import local_text_of

    text = local_text_of(
        clinic_slug="peoria", article=shared(), introduction=f"<p>Welcome to Peoria. {SAFE}</p>", approve=False
    )
    submit_for_review(content=text, user=user("peoria-editor"))
    task_state = LocalArticleText.objects.get(pk=text.pk).current_workflow_task_state
    url = reverse(
        LocalArticleText.snippet_viewset.get_url_name("workflow_action"), args=(text.pk, "approve", task_state.pk)
    )
    client = logged_in(user("reviewer"))

    modal = client.get(url, **XHR).json()["html"]
    assert f"Introduction: “{SAFE}”" in modal
    refused = client.post(url, {"comment": ""}, **XHR).json()
    assert "Acknowledge this flag" in refused["html"]
    assert not MedicalReview.objects.filter(task_state=task_state).exists()

    client.post(url, {"comment": "", **answers(task_state, **{SAFE: "The clinic's audit backs it."})})
    review = MedicalReview.objects.get(task_state=task_state)
    assert review.acknowledged_flags[0]["where"] == "Introduction"


def test_an_answer_of_invisible_characters_or_punctuation_is_no_answer():
    article, task_state = in_review(paragraph(SAFE))
    client = logged_in(user("reviewer"))
    for blank in ("\u200b", "...", "\u00a0\u200b-"):
        response = client.post(approve_url(article, task_state), answers(task_state, **{SAFE: blank}), **XHR)
        assert "Acknowledge this flag" in response.json()["html"]
    with pytest.raises(UnacknowledgedFlags):
        decide_review(
            content=article,
            user=user("reviewer"),
            approve=True,
            acknowledgements=answers(task_state, **{SAFE: "\u200b"}),
        )
    assert not MedicalReview.objects.filter(task_state=task_state).exists()


def test_approving_with_edits_saved_says_the_edits_await_review_rather_than_live():
    from network.review import decision_summary

    article, task_state = in_review(paragraph(SAFE))
    data = edit_form_data(ArticlePage.objects.get(pk=article.pk), title="Retitled by the reviewer")
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(answers(task_state, **{SAFE: "Read."})),
        }
    )
    logged_in(user("reviewer")).post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), data)

    assert MedicalReview.objects.filter(task_state=task_state, decision=MedicalReview.APPROVED).exists()
    summary = decision_summary(task_state=task_state)
    assert "not published: a newer revision" in summary and "live for" not in summary


def test_a_flag_of_the_classifier_is_shown_with_what_it_resembles_and_must_be_answered_too():
    article, task_state = in_review(paragraph(IMPLIED))
    client = logged_in(user("reviewer"))

    panel = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "(the classifier)" in panel
    assert "finds it reads like those labelled" in html.unescape(panel)
    modal = client.get(approve_url(article, task_state), **XHR).json()["html"]
    flags = flags_to_acknowledge(revision=task_state.revision)
    (learned,) = [flag for flag in flags if flag.rule == "classifier"]
    assert learned.sentence == IMPLIED
    assert f'name="{learned.field_name}"' in modal and "(the classifier)" in modal
    others = {flag.field_name: "Answered." for flag in flags if flag != learned}  # the page's own flags

    refused = client.post(approve_url(article, task_state), {"comment": "Fine.", **others}, **XHR)
    assert refused.json()["step"] == "action"
    assert not MedicalReview.objects.filter(task_state=task_state).exists()

    answer = "Figurative; the article cites the imaging study."
    data = {"comment": "Fine.", **others, learned.field_name: answer}
    assert client.post(approve_url(article, task_state), data).status_code == 302
    review = MedicalReview.objects.get(task_state=task_state, decision=MedicalReview.APPROVED)
    recorded = {entry["rule"]: entry for entry in review.acknowledged_flags}
    assert (recorded["classifier"]["sentence"], recorded["classifier"]["comment"]) == (IMPLIED, answer)
    assert "finds it reads like those labelled" in recorded["classifier"]["why"]
