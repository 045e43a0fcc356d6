"""The admin's "Import articles": an editor uploads files and gets unpublished drafts where they
may add articles, with a report per file (title, blocks, what was stripped, claim flags); a
clinic's editor imports into their own clinic only; a refused file says why, imports nothing and
leaves the others imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale

from articles.models import ArticlePage, library_for
from clinics.models import Clinic
from tests.admin.test_claims_in_admin import user
from tests.articles_import import fixtures
from tests.network.conftest import logged_in

pytestmark = pytest.mark.django_db

URL = reverse("articles_import")


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def home(slug: str, language: str = "en"):
    return Clinic.objects.get(slug=slug).site.root_page.get_translation(Locale.objects.get(language_code=language))


def post(client, destination: str, *files):
    return client.post(URL, {"destination": destination, "files": list(files)})


def test_an_editor_imports_files_as_drafts_and_reads_the_report():
    client = logged_in(user("peoria-editor"))
    response = post(
        client,
        "clinic-peoria-en",
        upload("chrome.txt", fixtures.SITE_CHROME_AT_END),
        upload("talking.md", fixtures.MARKDOWN),
        upload("page.html", fixtures.HTML_PAGE),
    )

    assert response.status_code == 200
    page = response.content.decode()
    peoria = Clinic.objects.get(slug="peoria").name
    assert f"3 of 3 files imported as drafts into {peoria} (English)" in page
    drafts = ArticlePage.objects.child_of(home("peoria")).filter(
        title__in=["Spravato or IV Ketamine: Comparing the Options", "Talking to Family About Treatment"]
    )
    assert drafts.count() == 2
    for draft in drafts:
        assert not draft.live and draft.has_unpublished_changes
        assert reverse("wagtailadmin_pages:edit", args=(draft.pk,)) in page
        assert draft.latest_revision.user == user("peoria-editor")
    assert page.count('data-import-outcome="imported"') == 3
    assert page.count("Stripped as website chrome") == 3


def test_a_report_shows_the_flags_and_stripped_lines_of_each_file():
    client = logged_in(user("editor"))
    text = fixtures.SITE_CHROME_AT_END.replace("afterwards.", "afterwards. It is completely safe.")
    page = post(client, "library-en", upload("chrome.txt", text)).content.decode()

    report = page[page.index('data-import-file="chrome.txt"') :]
    assert "Comparing the Options" in report
    assert "paragraph" in report[report.index("<dt>Blocks</dt>") :].split("</dd>")[0]
    stripped = report[report.index("Stripped as website chrome") :].split("</dd>")[0]
    assert "<li>" in stripped and "(0)" not in stripped
    flags = report[report.index("Claim flags") :].split("</dd>")[0]
    assert "<strong>High</strong> · Absolute safety: “It is completely safe.”" in flags


def test_importing_the_same_file_again_updates_its_draft():
    client = logged_in(user("editor"))
    post(client, "library-en", upload("talking.md", fixtures.MARKDOWN))
    again = post(client, "library-en", upload("talking.md", fixtures.MARKDOWN)).content.decode()

    library = library_for(locale=Locale.objects.get(language_code="en"))
    assert ArticlePage.objects.child_of(library).filter(title="Talking to Family About Treatment").count() == 1
    assert "Draft updated (a new revision)" in again


def test_every_refused_file_says_why_and_the_others_still_import():
    client = logged_in(user("editor"))
    response = post(
        client,
        "library-en",
        upload("binary.txt", b"\x00\x01\x02 not text"),
        upload("empty.md", "   \n\n"),
        upload("latin1.txt", "Caf\xe9 con leche\n\nUn p\xe1rrafo.".encode("latin-1")),
        upload("picture.png", b"\x89PNG\r\n"),
        upload("../../etc/passwd.txt", "Title\n\nA paragraph that is long enough to be an article body."),
        upload("good.txt", fixtures.ONE_LINE_PER_PARAGRAPH),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-import-outcome="refused"') == 4
    assert "Not a text file (it holds binary data)." in page
    assert "Empty: there is no text in it." in page
    assert "Not UTF-8 text" in page
    assert "Unsupported file type .png" in page
    # A path in the file name is only a name: the file is imported as any other, nowhere else.
    assert page.count('data-import-outcome="imported"') == 2
    library = library_for(locale=Locale.objects.get(language_code="en"))
    assert ArticlePage.objects.child_of(library).filter(title="Ketamine and Chronic Pain: An Overview").exists()
    assert not ArticlePage.objects.filter(title="Café con leche").exists()


def test_a_file_whose_slug_a_shared_article_uses_is_refused_whole():
    """A clinic article must not take the slug of a shared article its website already shows."""
    client = logged_in(user("peoria-editor"))
    taken = ArticlePage.objects.child_of(library_for(locale=Locale.objects.get(language_code="en"))).first()
    before = ArticlePage.objects.count()

    page = post(client, "clinic-peoria-en", upload("clash.txt", f"{taken.title}\n\nA paragraph of text here.")).content
    assert b'data-import-outcome="refused"' in page
    assert f"already uses the slug {taken.slug!r}".encode() in page.replace(b"&#x27;", b"'")
    assert ArticlePage.objects.count() == before


def test_a_clinic_editor_is_offered_their_own_clinic_only_and_refused_elsewhere():
    client = logged_in(user("peoria-editor"))
    form = client.get(URL).content.decode()
    assert 'value="clinic-peoria-en"' in form
    assert "clinic-phoenix" not in form and "library-en" not in form

    for elsewhere in ("clinic-phoenix-en", "library-en"):
        response = post(client, elsewhere, upload("good.txt", fixtures.ONE_LINE_PER_PARAGRAPH))
        assert response.status_code == 200
        assert "You cannot import there" in response.content.decode()
    assert not ArticlePage.objects.filter(title="Ketamine and Chronic Pain: An Overview").exists()


def test_someone_who_cannot_add_articles_cannot_import():
    response = logged_in(user("reviewer")).get(URL)
    assert response.status_code in (302, 403)
    assert "Import articles" not in logged_in(user("reviewer")).get(reverse("wagtailadmin_home")).content.decode()


def test_bad_forms_are_messages_not_errors():
    client = logged_in(user("editor"))
    no_files = client.post(URL, {"destination": "library-en"}).content.decode()
    assert "Choose one or more article files." in no_files
    too_many = post(client, "library-en", *(upload(f"{n}.txt", "T\n\nBody text.") for n in range(21)))
    assert "At most 20 files at a time; you chose 21." in too_many.content.decode()
    unknown = post(client, "nowhere", upload("good.txt", fixtures.ONE_LINE_PER_PARAGRAPH)).content.decode()
    assert "You cannot import there" in unknown
    assert not ArticlePage.objects.filter(title="Ketamine and Chronic Pain: An Overview").exists()


def test_the_menu_offers_the_import_to_editors():
    page = logged_in(user("peoria-editor")).get(reverse("wagtailadmin_home")).content.decode()
    assert URL in page


def test_a_draft_in_medical_review_is_not_changed_by_importing_its_file_again():
    from network.review import submit_for_review

    client = logged_in(user("peoria-editor"))
    post(client, "clinic-peoria-en", upload("pain.txt", fixtures.ONE_LINE_PER_PARAGRAPH))
    draft = ArticlePage.objects.get(title="Ketamine and Chronic Pain: An Overview")
    submit_for_review(content=draft, user=user("peoria-editor"))
    draft.refresh_from_db()
    in_review = draft.latest_revision_id

    changed = fixtures.ONE_LINE_PER_PARAGRAPH + "\nKetamine is completely safe.\n"
    page = post(client, "clinic-peoria-en", upload("pain.txt", changed)).content.decode()

    assert 'data-import-outcome="refused"' in page and "is in medical review" in page
    draft.refresh_from_db()
    assert draft.latest_revision_id == in_review


def test_an_article_the_file_did_not_make_is_never_replaced_by_an_import():
    library = library_for(locale=Locale.objects.get(language_code="en"))
    live = ArticlePage.objects.child_of(library).live().first()
    latest = live.latest_revision_id

    page = post(logged_in(user("editor")), "library-en", upload("x.txt", f"{live.title}\n\nPasted over it.\n"))

    assert "is already here and was not imported from this file" in page.content.decode()
    live.refresh_from_db()
    assert live.latest_revision_id == latest


def test_titles_of_punctuation_only_take_their_file_name_and_do_not_overwrite_each_other():
    client = logged_in(user("editor"))
    post(client, "library-en", upload("first-notes.txt", "???\n\nThe first file's paragraph of text.\n"))
    post(client, "library-en", upload("second-notes.txt", "!!!\n\nThe second file's paragraph of text.\n"))

    assert ArticlePage.objects.get(slug="first-notes").imported_from == "first-notes.txt"
    assert ArticlePage.objects.get(slug="second-notes").imported_from == "second-notes.txt"


def test_an_empty_file_is_refused_by_name_and_the_others_still_import():
    page = post(
        logged_in(user("editor")),
        "library-en",
        upload("empty.txt", b""),
        upload("good.txt", fixtures.ONE_LINE_PER_PARAGRAPH),
    ).content.decode()

    assert 'data-import-file="empty.txt" data-import-outcome="refused"' in page
    assert 'data-import-file="good.txt" data-import-outcome="imported"' in page


def test_a_markdown_heading_too_long_for_a_heading_becomes_a_paragraph_and_the_draft_is_valid():
    long_heading = "## " + "word " * 60
    post(logged_in(user("editor")), "library-en", upload("long.md", f"# Title here\n\n{long_heading}\n\nText.\n"))

    draft = ArticlePage.objects.get(slug="title-here")
    assert [child.block_type for child in draft.body] == ["paragraph", "paragraph"]
    draft.body.stream_block.clean(draft.body)  # what the edit view's save would check
