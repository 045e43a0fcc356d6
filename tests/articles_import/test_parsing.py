"""``parse_article``: the title, headings, paragraphs and lists of an article's text, the text kept
exact, the website's chrome stripped and a closing call to action turned into the contact block."""

from pathlib import Path

import pytest

from articles.importing import UnreadableFile, main_content_of_html, parse_article, parse_article_file

from . import fixtures


def shape(parsed) -> list[tuple[str, object]]:
    out = []
    for block in parsed.body:
        value = block["value"]
        if block["type"] == "heading":
            value = value["text"]
        elif block["type"] == "contact":
            value = None
        out.append((block["type"], value))
    return out


def test_blank_line_paragraphs_and_question_headings():
    parsed = parse_article(text=fixtures.BLANK_LINE_PARAGRAPHS)
    assert parsed.title == "Understanding Ketamine Infusions for Low Mood"
    assert shape(parsed) == [
        ("heading", "What happens at a first visit?"),
        (
            "paragraph",
            "<p>A clinician asks about your history and current medicines before any infusion is planned. "
            "The visit takes about an hour.</p>",
        ),
        ("heading", "Who can have an infusion?"),
        (
            "paragraph",
            "<p>Not everyone is a candidate. People with some heart conditions may be advised against it.</p>",
        ),
    ]
    assert parsed.stripped == []
    assert parsed.summary.startswith("A clinician asks about your history")


def test_one_line_per_paragraph_with_short_headings_and_a_closing_call_to_action():
    parsed = parse_article(text=fixtures.ONE_LINE_PER_PARAGRAPH)
    assert parsed.title == "Ketamine and Chronic Pain: An Overview"
    assert [kind for kind, _ in shape(parsed)] == [
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "contact",
    ]
    assert shape(parsed)[1] == ("heading", "How infusions are given")
    assert "Contact Example Valley Clinic today" not in parsed.text
    assert any("Contact Example Valley Clinic today" in line for line in parsed.stripped)
    assert parsed.block_counts == {"paragraph": 3, "heading": 2, "contact": 1}


def test_share_buttons_tags_and_related_links_after_the_article_are_stripped():
    parsed = parse_article(text=fixtures.SITE_CHROME_AT_END)
    assert shape(parsed)[-1] == (
        "paragraph",
        "<p>An infusion is given through a small needle in the arm over about forty minutes.</p>",
    )
    assert parsed.stripped == [
        "Share",
        "Tweet",
        "Facebook",
        "Tags: ketamine, depression, spravato",
        "You Might Also Enjoy...",
        "Five Questions About Your First Infusion",
        "How Sleep Affects Mood",
        "What Is Treatment-Resistant Depression?",
    ]
    for gone in ("Tweet", "Tags:", "How Sleep Affects Mood", "You Might Also Enjoy"):
        assert gone not in parsed.text


def test_a_section_label_before_the_title_bullets_numbered_lists_and_form_prompts():
    parsed = parse_article(text=fixtures.LABEL_AND_BULLETS)
    assert parsed.title == "Preparing for Your Infusion Appointment"
    assert shape(parsed) == [
        ("paragraph", "<p>A little preparation can make the day easier. Here is what our nurses suggest.</p>"),
        ("heading", "What to bring"),
        ("bulleted_list", ["A list of your current medicines", "Someone to drive you home", "Comfortable clothes"]),
        ("heading", "On the day"),
        ("bulleted_list", ["Do not eat for a few hours before the appointment.", "Arrive ten minutes early."]),
    ]
    assert parsed.stripped == ["Blog", "Name", "Email", "Submit", "Recent Posts", "Why Follow-Up Visits Matter"]


def test_markdown_headings_lists_and_call_to_action():
    parsed = parse_article(text=fixtures.MARKDOWN, markdown=True)
    assert parsed.title == "Talking to Family About Treatment"
    assert shape(parsed) == [
        (
            "paragraph",
            "<p>Telling the people close to you about a new treatment can feel hard. Start with what you know.</p>",
        ),
        ("heading", "Keep it simple"),
        ("bulleted_list", ["Say what the treatment is", "Say how often you go", "Say how they can help"]),
        ("contact", None),
    ]


def test_an_html_page_keeps_its_main_content_without_navigation_footer_or_share_buttons():
    text = main_content_of_html(markup=fixtures.HTML_PAGE)
    parsed = parse_article(text=text)
    assert parsed.title == "Looking After Yourself After an Infusion"
    kinds = [kind for kind, _ in shape(parsed)]
    assert kinds == ["paragraph", "heading", "paragraph", "bulleted_list"]
    assert shape(parsed)[3] == ("bulleted_list", ["Rest at home", "Drink water", "Keep your phone nearby"])
    for chrome in ("Services", "Privacy policy", "Copyright", "Facebook", "Tweet", "A Post About Sleep"):
        assert chrome not in parsed.text


def test_text_is_kept_exact_and_escaped_for_rich_text():
    parsed = parse_article(text="A Title\nDoses < 1 mg/kg & more  spaces “quoted”.\n")
    assert shape(parsed) == [("paragraph", "<p>Doses &lt; 1 mg/kg &amp; more  spaces “quoted”.</p>")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Empty"),
        (b"   \n\n", "Empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Caf\u00e9 article\nUne phrase.".encode("latin-1"), "Not UTF-8"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        parse_article_file(path=path)


def test_a_folder_or_a_missing_path_is_not_a_file(tmp_path: Path):
    with pytest.raises(UnreadableFile, match="Not a file"):
        parse_article_file(path=tmp_path)
    with pytest.raises(UnreadableFile, match="No such file"):
        parse_article_file(path=tmp_path / "missing.txt")


def test_a_title_alone_is_not_an_article():
    with pytest.raises(UnreadableFile, match="No paragraphs"):
        parse_article(text="Just A Title\n")


def test_a_short_html_page_keeps_its_lines_apart():
    markup = fixtures.HTML_PAGE.replace(fixtures.PARAGRAPH, "A short paragraph.")
    parsed = parse_article(text=main_content_of_html(markup=markup))
    assert parsed.title == "Looking After Yourself After an Infusion"
    assert [block["type"] for block in parsed.body] == ["paragraph", "heading", "paragraph", "bulleted_list"]
    assert "Facebook" not in parsed.text


def test_markdown_inline_formatting_becomes_the_paragraphs_rich_text():
    parsed = parse_article(
        text=(
            "# Talking **to** Family\n\n"
            "Some **bold** words, *italic* and _also italic_, a [source](https://example.org/a?b=1&c=2), "
            "`a code span`, 2 * 3 * 4 and a snake_case_name.\n\n"
            "- a **strong** item\n- an [item](https://example.org/item)\n\n"
            "## A *heading*\n\nThe end of it all.\n"
        ),
        markdown=True,
    )

    assert parsed.title == "Talking to Family"
    assert parsed.body[0]["value"] == (
        '<p>Some <b>bold</b> words, <i>italic</i> and <i>also italic</i>, a <a href="https://example.org/a?b=1&amp;c=2">'
        "source</a>, a code span, 2 * 3 * 4 and a snake_case_name.</p>"
    )
    assert parsed.body[1] == {"type": "bulleted_list", "value": ["a strong item", "an item"]}
    assert parsed.body[2]["value"]["text"] == "A heading"


def test_a_markdown_link_to_anything_but_a_web_or_mail_address_keeps_only_its_text():
    parsed = parse_article(
        text="Title\n\nClick [here](javascript:alert) or [mail us](mailto:care@example.org) or [x](data:text/html,hi).\n",
        markdown=True,
    )
    value = parsed.body[0]["value"]
    assert "javascript" not in value and "data:" not in value
    assert '<a href="mailto:care@example.org">mail us</a>' in value
    assert "Click here or" in value


def test_plain_text_keeps_asterisks_and_brackets_as_written():
    parsed = parse_article(text="Title\n\nSome **text** and [a](https://example.org).\n")
    assert parsed.body[0]["value"] == "<p>Some **text** and [a](https://example.org).</p>"
