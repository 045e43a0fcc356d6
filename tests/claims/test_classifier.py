"""The classifier beside the rules: a sentence no rule matches that reads like the high-severity
sentences of the labelled sets is flagged, high, with the category of the sentences it resembles
and two of them quoted; acceptable sentences, short ones and sentences a rule already flagged high
are not; and the checker as a whole meets its targets on the held-out set."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.claims import check_text, checker, learned, rules
from articles.claims.checker import classifier, high_categories
from articles.claims.learned import (
    CLASSIFIER_RULE,
    MIN_WORDS,
    THRESHOLD,
    approved_sentences,
    demo_sentences,
    labelled_sentences,
    normalised,
)

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = ROOT / "articles" / "claims"
IMPLIED = "Your brain will finally get the fresh start it has been waiting for after years of depression."
IMPLIED_ES = "Con la ketamina su cerebro por fin recibe el nuevo comienzo que tanto necesitaba."
ACCEPTABLE = [
    ("en", "Our front desk is open from eight until five on weekdays, and parking is free."),
    ("en", "Some patients notice changes within days, while others need several sessions or do not respond at all."),
    ("en", "Please arrange for someone to drive you home, because you must not drive for the rest of the day."),
    ("en", "Ketamine can raise blood pressure, so a nurse checks yours before, during and after the infusion."),
    ("es", "Nuestra recepción abre de lunes a viernes de ocho a cinco y el estacionamiento es gratis."),
    ("es", "Algunos pacientes notan cambios en pocos días; otros necesitan varias sesiones o no responden."),
]


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def labelled(category: str, language: str) -> set[str]:
    return {row.text for row in labelled_sentences() if row.category == category and row.language == language}


def check_file(tmp_path, text: str, language: str = "en") -> dict:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("check_claims", str(article), format="json", language=language, stdout=out)
    return json.loads(out.getvalue())["files"][0]


def test_an_implied_claim_no_rule_matches_is_flagged_high_by_the_classifier(tmp_path):
    assert not any(rule.flags(IMPLIED) for rule in rules().for_language("en"))

    (flag,) = check_file(tmp_path, IMPLIED)["flags"]

    assert flag["rule"] == CLASSIFIER_RULE
    assert flag["sentence"] == IMPLIED
    assert flag["severity"] == "high"
    assert flag["category"] in high_categories()
    # Why: the category's explanation, and the labelled sentences it reads like, quoted.
    assert flag["explanation"].startswith(rules().why_of(flag["category"], "en"))
    assert "No high-severity rule flagged it: the classifier trained on our labelled sentences" in flag["explanation"]
    label = flag["category"].replace("_", " ")
    assert f"reads like those labelled “{label}”, such as “" in flag["explanation"]
    quoted = [text for text in labelled(flag["category"], "en") if f"“{text.rstrip('.')}”" in flag["explanation"]]
    assert len(quoted) == 2
    assert flag["explanation"].endswith("”.") and ".”" not in flag["explanation"]


def test_a_spanish_implied_claim_is_explained_in_spanish(tmp_path):
    assert not any(rule.flags(IMPLIED_ES) for rule in rules().for_language("es"))

    (flag,) = check_file(tmp_path, IMPLIED_ES, language="es")["flags"]

    assert (flag["rule"], flag["severity"]) == (CLASSIFIER_RULE, "high")
    assert flag["explanation"].startswith(rules().why_of(flag["category"], "es"))
    assert "Ninguna regla de gravedad alta la marcó" in flag["explanation"]
    assert flag["category"] == "mechanism_overclaim"
    assert "las etiquetadas «exageración del mecanismo», como «" in flag["explanation"]  # not the category's id
    quoted = [text for text in labelled(flag["category"], "es") if f"«{text.rstrip('.')}»" in flag["explanation"]]
    assert len(quoted) == 2


def test_acceptable_sentences_are_not_flagged():
    for language, sentence in ACCEPTABLE:
        assert check_text(sentence, language=language).flags == [], sentence


def test_a_sentence_only_a_medium_rule_flags_is_read_by_the_classifier_too():
    sentence = f"Studies show that {IMPLIED[0].lower()}{IMPLIED[1:]}"

    flags = {flag.rule: flag for flag in check_text(sentence).flags}

    assert set(flags) == {"en.vague_evidence", CLASSIFIER_RULE}
    assert flags[CLASSIFIER_RULE].severity == "high"
    assert "No high-severity rule flagged it" in flags[CLASSIFIER_RULE].why


def test_a_language_it_was_not_trained_on_gets_no_flag_of_the_classifier():
    french = "Votre cerveau recevra enfin le nouveau départ qu'il attend depuis des années de dépression."
    assert classifier().judge([french, IMPLIED], language="fr") == [None, None]


def test_the_demo_networks_articles_raise_no_high_severity_flag():
    """The demo network's articles are written to pass review (its loader approves them)."""
    for sentence in demo_sentences():
        flags = check_text(sentence.text, language=sentence.language).flags
        assert not [flag for flag in flags if flag.severity == "high"], sentence


def test_a_sentence_a_rule_flags_high_is_not_flagged_again_by_the_classifier():
    sentence = "Ketamine infusions are completely safe and will cure your depression for good."
    _, (probability,) = classifier().probabilities([sentence], language="en")
    assert probability >= THRESHOLD  # the classifier would flag it too

    flags = check_text(sentence).flags

    assert flags and all(flag.rule != CLASSIFIER_RULE for flag in flags)


def test_short_sentences_such_as_headings_are_left_to_the_rules():
    heading = "Your brain gets a fresh start"
    assert len(heading.split()) < MIN_WORDS
    _, (probability,) = classifier().probabilities([heading], language="en")
    assert probability >= THRESHOLD  # it would be flagged if the classifier read it

    assert check_text(heading).flags == []


def test_each_sentence_keeps_its_place_in_the_text_order():
    text = f"Studies show it helps. {IMPLIED} Our infusions are completely safe."

    sentences = [flag.sentence for flag in check_text(text).flags]

    assert sentences == sorted(sentences, key=text.index)
    assert IMPLIED in sentences


def test_the_checker_meets_its_targets_on_the_held_out_set():
    """High-severity recall of at least 0.9 at precision of at least 0.8, in each language, on
    sentences neither the rules nor the classifier learnt from (those its training has too left out,
    as scripts/evaluate_claims.py does; it reports the numbers by category in docs/claims.md)."""
    known = {normalised(row.text) for row in [*labelled_sentences(), *approved_sentences(), *demo_sentences()]}
    rows = [row for row in rows_of(CLAIMS / "heldout" / "sentences.csv") if normalised(row["text"]) not in known]
    high = high_categories()
    for language in ("en", "es"):
        found = wanted = correct = 0
        for row in (row for row in rows if row["language"] == language):
            flagged_high = any(flag.severity == "high" for flag in check_text(row["text"], language=language).flags)
            is_high = row["category"] in high
            wanted += is_high
            found += flagged_high
            correct += flagged_high and is_high
        assert wanted > 40 and correct / wanted >= 0.9, (language, correct, wanted)
        assert correct / found >= 0.8, (language, correct, found)


def test_serving_the_api_does_not_load_the_classifier():
    """scikit-learn and the trained model cost about 150 MB a process: a process that serves the
    API (its WSGI application, its URL configuration and its views' modules) never loads them."""
    script = (
        "import sys, django; django.setup(); import network.wsgi, api.urls, network.urls; "
        "print('sklearn' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "network.settings.dev"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.django_db
def test_the_first_admin_page_starts_training_the_classifier(monkeypatch):
    from tests.network.conftest import logged_in

    monkeypatch.setattr(checker, "_PREPARING", [])
    editor = get_user_model().objects.get(username="editor")

    assert logged_in(editor).get("/admin/").status_code == 200

    (thread,) = checker._PREPARING
    thread.join(timeout=60)
    assert not thread.is_alive()


@pytest.mark.django_db
def test_if_the_classifier_cannot_be_trained_the_rules_still_check_and_the_panel_says_so(monkeypatch):
    from tests.admin.test_claims_in_admin import UNSAFE, panel_of, paragraph, save_draft, shared
    from tests.network.conftest import logged_in

    def broken():
        raise ValueError("a training file that cannot be read")

    monkeypatch.setattr(learned, "demo_sentences", broken)
    checker._trained.cache_clear()
    try:
        assert classifier() is None
        assert [flag.rule for flag in check_text(f"{UNSAFE} {IMPLIED}").flags] == ["en.absolute_safety"]
        article = shared()
        save_draft(article, paragraph(UNSAFE))
        editor = get_user_model().objects.get(username="editor")
        response = logged_in(editor).get(f"/admin/pages/{article.pk}/edit/")
        assert response.status_code == 200
        panel = panel_of(response.content.decode())
        assert "data-claims-classifier-unavailable" in panel
        assert "en.absolute_safety" in panel
    finally:
        checker._trained.cache_clear()
    monkeypatch.undo()
    assert classifier() is not None
