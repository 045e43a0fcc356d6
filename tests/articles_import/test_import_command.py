"""``import_articles``: files in as draft articles (never published) of a clinic or of the shared
library, a re-import updating the same draft, a dry run writing nothing, and every file it cannot
import refused with a clear message while the others still import."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale

from articles.models import ArticlePage, library_for
from clinics.models import Clinic

from . import fixtures

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "examples"

pytestmark = pytest.mark.django_db


def run(*paths, **options) -> str:
    out = io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def clinic_home(slug: str = "peoria", language: str = "en"):
    return Clinic.objects.get(slug=slug).site.root_page.get_translation(Locale.objects.get(language_code=language))


def test_a_file_becomes_an_unpublished_draft_under_the_clinic_home_page(tmp_path):
    path = write(tmp_path, "pain.txt", fixtures.ONE_LINE_PER_PARAGRAPH)
    output = run(path, clinic="peoria")
    article = ArticlePage.objects.get(slug="ketamine-and-chronic-pain-an-overview")
    assert article.get_parent().pk == clinic_home().pk
    assert not article.live and article.live_revision is None
    assert article.revisions.count() == 1
    assert [block.block_type for block in article.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "contact",
    ]
    assert article.summary.startswith("Chronic pain can affect sleep")
    assert "created draft" in output
    assert "blocks: contact 1, heading 2, paragraph 3" in output
    assert "Contact Example Valley Clinic today" in output  # reported as replaced by the contact block


def test_the_report_names_what_was_stripped_and_the_claim_flags(tmp_path):
    text = fixtures.SITE_CHROME_AT_END.replace(
        "They differ in how they are given.", "They differ in how they are given. Both are completely safe."
    )
    output = run(write(tmp_path, "chrome.txt", text), clinic="peoria")
    assert "- You Might Also Enjoy..." in output
    assert "- Tags: ketamine, depression, spravato" in output
    assert "[high] absolute_safety: Both are completely safe." in output
    assert "claim flags (1 sentences" in output


def test_reimporting_the_same_file_updates_the_same_draft(tmp_path):
    path = write(tmp_path, "family.md", fixtures.MARKDOWN)
    run(path, clinic="peoria")
    article = ArticlePage.objects.get(slug="talking-to-family-about-treatment")
    path.write_text(fixtures.MARKDOWN.replace("Say how often you go", "Say how often you visit"), encoding="utf-8")
    output = run(path, clinic="peoria")
    assert "updated draft" in output
    assert ArticlePage.objects.filter(slug="talking-to-family-about-treatment").count() == 1
    article.refresh_from_db()
    assert article.revisions.count() == 2
    assert not article.live
    latest = article.get_latest_revision_as_object()
    assert "Say how often you visit" in latest.body[2].value


def test_a_dry_run_writes_nothing(tmp_path):
    before = ArticlePage.objects.count()
    output = run(write(tmp_path, "aftercare.html", fixtures.HTML_PAGE), clinic="peoria", dry_run=True)
    assert "would create a draft" in output
    assert "title: Looking After Yourself After an Infusion" in output
    assert ArticlePage.objects.count() == before


def test_shared_imports_go_into_the_shared_library_in_the_locale(tmp_path):
    run(write(tmp_path, "prep.txt", fixtures.LABEL_AND_BULLETS), shared=True)
    article = ArticlePage.objects.get(slug="preparing-for-your-infusion-appointment")
    assert article.get_parent().pk == library_for(locale=Locale.objects.get(language_code="en")).pk
    assert [block.block_type for block in article.body].count("bulleted_list") == 2


def test_a_clinic_home_page_in_another_locale(tmp_path):
    run(
        write(tmp_path, "es.txt", "Preparación para la infusión\nUna frase de prueba.\n"), clinic="phoenix", locale="es"
    )
    article = ArticlePage.objects.get(slug="preparacion-para-la-infusion")
    assert article.get_parent().pk == clinic_home("phoenix", "es").pk
    assert article.locale.language_code == "es"


def test_bad_files_are_refused_one_by_one_and_the_others_still_import(tmp_path):
    good = write(tmp_path, "good.txt", fixtures.BLANK_LINE_PARAGRAPHS)
    empty = write(tmp_path, "empty.txt", "")
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café article\nUne phrase.".encode("latin-1"))
    folder = tmp_path / "folder"
    folder.mkdir()
    out = io.StringIO()
    with pytest.raises(CommandError, match="4 of 5 files were refused"):
        call_command("import_articles", *map(str, [empty, binary, good, latin, folder]), clinic="peoria", stdout=out)
    output = out.getvalue()
    assert "refused: Empty" in output
    assert "refused: Not a text file" in output
    assert "refused: Not UTF-8" in output
    assert "refused: Not a file" in output
    assert ArticlePage.objects.filter(slug="understanding-ketamine-infusions-for-low-mood", live=False).exists()


def test_an_unknown_clinic_stops_before_anything_is_read(tmp_path):
    before = ArticlePage.objects.count()
    with pytest.raises(CommandError, match="Unknown clinic 'nowhere'"):
        run(write(tmp_path, "a.txt", fixtures.BLANK_LINE_PARAGRAPHS), clinic="nowhere")
    assert ArticlePage.objects.count() == before


def test_clinic_and_shared_are_required_and_exclusive(tmp_path):
    path = write(tmp_path, "a.txt", fixtures.BLANK_LINE_PARAGRAPHS)
    with pytest.raises(CommandError):
        run(path)
    with pytest.raises(CommandError):
        run(path, clinic="peoria", shared=True)


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="../shared/examples/ is not here (a fresh clone has no ../shared/)")
def test_the_real_examples_import_with_their_structure_and_without_chrome():
    files = sorted(EXAMPLES.glob("*.txt"))
    assert files
    output = run(*files, shared=True)
    assert f"{len(files)} of {len(files)} files imported as drafts; 0 refused." in output
    by_file = {}
    for path in files:
        title = path.read_text(encoding="utf-8").splitlines()[0].strip()
        article = ArticlePage.objects.get(title=title)
        assert not article.live
        by_file[path.name] = [block.block_type for block in article.body]
        assert "You Might Also Enjoy" not in str(article.body.raw_data)
    if "severe-depression-benefits.txt" in by_file:
        assert by_file["severe-depression-benefits.txt"] == ["heading", "paragraph"] * 3
    if "fayetteville-trd-what-to-know.txt" in by_file:
        kinds = by_file["fayetteville-trd-what-to-know.txt"]
        assert kinds.count("heading") == 2 and kinds[-1] == "contact"
    if "peoria-ketamine-for-depression.txt" in by_file:
        kinds = by_file["peoria-ketamine-for-depression.txt"]
        assert kinds.count("heading") == 5 and kinds[-1] == "contact"
