"""``check_claims``: the flags of article files before import, as text or JSON, and every file it
cannot read refused with a clear message while the others are still checked."""

import io
import json

from django.core.management import call_command

ARTICLE = """The Benefits of Ketamine

Ketamine infusions are completely safe and there is no downtime.
Studies show it works for depression.
Call our clinic to book a consultation.
"""


def run(*paths, **options) -> str:
    out = io.StringIO()
    call_command("check_claims", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def test_the_json_lists_each_flag_with_its_sentence_category_severity_and_explanation(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = json.loads(run(article, format="json"))["files"][0]
    assert result["path"] == str(article)
    flags = {(flag["sentence"], flag["category"], flag["severity"]) for flag in result["flags"]}
    assert ("Ketamine infusions are completely safe and there is no downtime.", "absolute_safety", "high") in flags
    assert ("Studies show it works for depression.", "vague_evidence", "medium") in flags
    assert all(flag["explanation"] and flag["rule"] for flag in result["flags"])
    assert [flag["category"] for flag in result["page_flags"]] == ["off_label"]


def test_an_html_page_is_read_as_its_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Our infusions are <b>completely safe</b>.</p></body></html>", encoding="utf-8")
    result = json.loads(run(page, format="json"))["files"][0]
    assert [flag["sentence"] for flag in result["flags"]] == ["Our infusions are completely safe."]


def test_spanish_files_are_checked_with_the_spanish_rules(tmp_path):
    article = tmp_path / "articulo.txt"
    article.write_text("La ketamina cura la depresión. Llame hoy.", encoding="utf-8")
    result = json.loads(run(article, format="json", language="es"))["files"][0]
    assert [flag["category"] for flag in result["flags"]] == ["guarantee_or_cure"]


def test_unreadable_files_are_refused_one_by_one_and_the_others_checked(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Terapia de ketamina: información".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    results = json.loads(run(good, binary, empty, latin, missing, format="json"))["files"]
    errors = {result["path"].rsplit("/", 1)[-1]: result.get("error", "") for result in results}
    assert errors["good.txt"] == ""
    assert "binary" in errors["picture.txt"]
    assert "Empty" in errors["empty.txt"]
    assert "UTF-8" in errors["latin.txt"]
    assert "No such file" in errors["missing.txt"]
    assert results[0]["flags"]


def test_the_text_form_says_why_each_sentence_was_flagged(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = run(article)
    assert "[high] absolute_safety (en.absolute_safety): Ketamine infusions are completely safe" in out
    assert "why: Promises absolute safety." in out
