"""Bringing existing clinic articles in as drafts: reading a file (plain text, Markdown, or an HTML
page saved from a website, whose main content trafilatura finds), parsing its text into an
article's blocks with the website's chrome stripped, and saving it as a draft (never published:
every article must pass medical review). ``import_articles`` is the command around these."""

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Revision

from articles.claims import ClaimReport, check_text

from .models import ArticlePage, slug_conflicts_for
from .services import create_article_draft

MAX_BYTES = 2_000_000
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
HTML_MIN_EXTRACTED_SIZE = 50
MAX_TEXT_CHARS = 200_000  # about 30,000 words: more is not one article (and slow to check)
SUMMARY_MAX = 300
TITLE_MAX = 255
LIST_ITEM_MAX = 500
HEADING_MAX = 200
HEADING_MAX_WORDS = 14
SHORT_HEADING_WORDS = 8
SENTENCE_END = re.compile(r"[.!?…][\"”’')]*\s*$")

# A section label or breadcrumb a website puts before an article's title.
SECTION_LABELS = {
    "blog",
    "news",
    "articles",
    "article",
    "resources",
    "insights",
    "latest news",
    "our blog",
    "the blog",
    "press",
    "education",
    "patient education",
    "skip to content",
    "skip to main content",
    "menu",
    "home",
}
BREADCRUMB = re.compile(r"^home\s*[>/»›|]\s*\S", re.IGNORECASE)

# A line that starts the chrome after an article: it and everything after it are stripped.
TRAILING_SECTION = re.compile(
    r"^(you might also (enjoy|like)|you may also (enjoy|like)|recent posts?|related (posts?|articles?|reading)"
    r"|more (posts|articles|from (the|our) blog)|popular posts|read next|keep reading|leave a (reply|comment)"
    r"|comments?|post a comment|(\d+ )?comments|categories|archives|about the author)\b[\s.:…!]*",
    re.IGNORECASE,
)
# Lines that are chrome wherever they stand: share buttons, tag lines, post navigation, form prompts.
SHARE_WORDS = {
    "share",
    "share this",
    "share this post",
    "share this article",
    "share on",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "pinterest",
    "email",
    "e-mail",
    "print",
    "whatsapp",
    "reddit",
    "copy link",
    "pin",
    "pin it",
}
SHARE_SPLIT = re.compile(r"\s*[|,/•·]\s*|\s{2,}|\s+(?=(?:tweet|facebook|twitter|linkedin|pinterest|email)\b)", re.I)
TAG_LINE = re.compile(r"^(tags?|tagged( with)?|categories|category|filed under|posted in)\s*:", re.IGNORECASE)
POST_NAVIGATION = re.compile(
    r"^(previous|next|older|newer)( post| article)?\b.{0,80}$|^(read more|back to (the )?blog|back to articles)\W*$",
    re.IGNORECASE,
)
FORM_PROMPTS = {
    "name",
    "first name",
    "last name",
    "full name",
    "your name",
    "email",
    "email address",
    "your email",
    "phone",
    "phone number",
    "message",
    "your message",
    "comment",
    "website",
    "submit",
    "send",
    "send message",
    "subscribe",
    "sign up",
}
FORM_PROMPT_TAIL = re.compile(r"[\s*:()]*(required)?[\s*:()]*$", re.IGNORECASE)

# A closing call to action: replaced by the clinic-contact placeholder, filled in per clinic.
CALL_TO_ACTION = re.compile(
    r"\b(contact|call|reach out to|get in touch with|schedule|book|request)\b[^!?]{0,100}?\btoday\b"
    r"|\b(call|contact|reach out to|get in touch with) us\b",
    re.IGNORECASE,
)
CALL_TO_ACTION_MAX_PARAGRAPHS = 3

BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*\-–—+]|\d{1,3}[.)])\s+(?P<text>\S.*)$")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
MARKDOWN_RULE = re.compile(r"^\s{0,3}([-*_]\s*){3,}$")


class UnreadableFile(ValueError):
    """A file that cannot be imported, with the reason in words for the person importing it."""


@dataclass(frozen=True)
class ParsedArticle:
    """An article as found in a file: its title, a summary made from its opening, its body as
    StreamField data (``[{"type": ..., "value": ...}]``) and the lines stripped as chrome."""

    title: str
    summary: str
    body: list[dict]
    stripped: list[str] = field(default_factory=list)

    @property
    def block_counts(self) -> dict[str, int]:
        return dict(Counter(block["type"] for block in self.body))

    @property
    def text(self) -> str:
        """The words a reviewer reviews: the title and the body's text, one block a paragraph."""
        parts = [self.title]
        for block in self.body:
            kind, value = block["type"], block["value"]
            if kind == "heading":
                parts.append(value["text"])
            elif kind == "paragraph":
                parts.append(text_of_html(value))
            elif kind == "bulleted_list":
                parts.extend(value)
        return "\n\n".join(parts)


@dataclass(frozen=True)
class ImportResult:
    page: ArticlePage
    revision: Revision
    created: bool


# Reading


def read_text_file(*, path: Path) -> str:
    """A file's text, if it is a readable, non-empty UTF-8 text file; else ``UnreadableFile``
    saying why (also what ``check_claims`` reads its files with)."""
    if not path.exists():
        raise UnreadableFile("No such file.")
    if not path.is_file():
        raise UnreadableFile("Not a file (a folder or a device): give the paths of article files.")
    if path.stat().st_size > MAX_BYTES:
        raise UnreadableFile(f"Too large ({path.stat().st_size:,} bytes; at most {MAX_BYTES:,}).")
    return text_of(raw=path.read_bytes())


def text_of(*, raw: bytes) -> str:
    """The text of a file's bytes, if they are non-empty UTF-8 text; else ``UnreadableFile``."""
    if len(raw) > MAX_BYTES:
        raise UnreadableFile(f"Too large ({len(raw):,} bytes; at most {MAX_BYTES:,}).")
    if b"\x00" in raw:
        raise UnreadableFile("Not a text file (it holds binary data).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"Not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8.") from None
    if not text.strip():
        raise UnreadableFile("Empty: there is no text in it.")
    return text


def supported_suffix(name: str) -> str:
    """The file's type by its name's suffix (".md"), or ``UnreadableFile`` for one we do not read."""
    suffix = Path(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES:
        raise UnreadableFile(f"Unsupported file type {suffix or '(none)'}: import .txt, .md, .html or .htm files.")
    return suffix


def main_content_of_html(*, markup: str) -> str:
    """The main content of a web page as plain text (one line a paragraph, heading or list item),
    found by trafilatura, without the page's navigation, footer, share buttons and comments."""
    import trafilatura
    from trafilatura.settings import use_config

    # trafilatura falls back to a flat baseline (one line for the whole page) when what it found
    # is shorter than its default minimum: short articles are articles too.
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(HTML_MIN_EXTRACTED_SIZE))
    text = trafilatura.extract(
        markup, include_comments=False, include_tables=False, include_images=False, config=config
    )
    if not text or not text.strip():
        raise UnreadableFile("No article found in this HTML page (no main content to import).")
    return text


# Parsing


@dataclass
class _Line:
    text: str
    group_start: bool  # first line after a blank line (or of the file)
    group_end: bool  # last line before a blank line (or of the file)
    markdown_heading: bool = False


def parse_article(*, text: str, markdown: bool = False) -> ParsedArticle:
    """The title, blocks and stripped chrome of an article's text. Blank lines separate
    paragraphs where the text has them; otherwise each line is a paragraph. Text is kept exact."""
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableFile(
            f"Too long for one article ({len(text):,} characters of text; at most {MAX_TEXT_CHARS:,}): split it."
        )
    lines, stripped = _lines_of(text=text, markdown=markdown)
    lines = _without_leading_chrome(lines=lines, stripped=stripped)
    if not lines:
        raise UnreadableFile("No article text left once the website's chrome is stripped.")
    title_line = lines.pop(0)
    title = title_line.text.strip()
    if len(title) > TITLE_MAX:
        raise UnreadableFile(f"The first line is too long for a title ({len(title)} characters): {title[:80]}…")
    lines = _without_trailing_chrome(lines=lines, stripped=stripped)
    blank_line_mode = any(line.group_start for line in lines) and _has_blank_lines(text)
    body = _blocks_of(lines=lines, blank_line_mode=blank_line_mode)
    if markdown:
        title = markdown_plain(title)
        body = [_with_markdown_formatting(block) for block in body]
    body = _with_contact_block(body=body, stripped=stripped)
    if not any(block["type"] in {"paragraph", "bulleted_list"} for block in body):
        raise UnreadableFile("No paragraphs found after the title.")
    return ParsedArticle(title=title, summary=summary_of(body=body), body=body, stripped=stripped)


def _has_blank_lines(text: str) -> bool:
    return bool(re.search(r"\S[^\S\n]*\n[^\S\n]*\n", text.strip()))


def _lines_of(*, text: str, markdown: bool) -> tuple[list[_Line], list[str]]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[_Line] = []
    stripped: list[str] = []
    previous_blank = True
    for raw in raw_lines:
        if not raw.strip():
            if lines:
                lines[-1].group_end = True
            previous_blank = True
            continue
        if markdown and MARKDOWN_RULE.match(raw):
            previous_blank = True
            continue
        line = _Line(text=raw.rstrip(), group_start=previous_blank, group_end=False)
        heading = MARKDOWN_HEADING.match(raw) if markdown else None
        if heading and len(heading["text"]) <= HEADING_MAX:
            line.text = heading["text"]
            line.markdown_heading = True
        if _is_chrome_line(line.text):
            stripped.append(line.text.strip())
        else:
            lines.append(line)
        previous_blank = False
    if lines:
        lines[-1].group_end = True
    return lines, stripped


def _is_chrome_line(text: str) -> bool:
    line = text.strip()
    lowered = line.lower().rstrip(":")
    if TAG_LINE.match(line) or POST_NAVIGATION.match(line):
        return True
    if FORM_PROMPT_TAIL.sub("", lowered) in FORM_PROMPTS and len(line) <= 40:
        return True
    words = [word for word in SHARE_SPLIT.split(lowered) if word]
    return bool(words) and all(word.strip(" :") in SHARE_WORDS for word in words)


def _without_leading_chrome(*, lines: list[_Line], stripped: list[str]) -> list[_Line]:
    leading = []
    while lines and (lines[0].text.strip().lower().rstrip(":") in SECTION_LABELS or BREADCRUMB.match(lines[0].text)):
        leading.append(lines.pop(0).text.strip())
    stripped[:0] = leading  # before the chrome lines found further down, in the file's order
    return lines


def _without_trailing_chrome(*, lines: list[_Line], stripped: list[str]) -> list[_Line]:
    for index, line in enumerate(lines):
        if TRAILING_SECTION.fullmatch(line.text.strip()):
            stripped.extend(rest.text.strip() for rest in lines[index:])
            return lines[:index]
    return lines


def _bullet_text(line: _Line) -> str | None:
    """The text of a list item line; a line too long for a list item stays a paragraph, whole."""
    match = BULLET.match(line.text)
    return match["text"].rstrip() if match and len(match["text"].rstrip()) <= LIST_ITEM_MAX else None


def _looks_like_heading(text: str) -> bool:
    line = text.strip()
    if len(line) > HEADING_MAX or len(line.split()) > HEADING_MAX_WORDS:
        return False
    if line.endswith("?"):
        return True
    return not re.search(r"[.!:;,…\"”']$", line)


def _is_short(text: str) -> bool:
    return text.strip().endswith("?") or len(text.split()) <= SHORT_HEADING_WORDS


def _is_heading(line: _Line, *, blank_line_mode: bool) -> bool:
    """With blank lines, a heading stands alone (or short, first) in its group; without, any short
    line without a final period is one."""
    if line.markdown_heading:
        return True
    alone = line.group_start and (line.group_end or _is_short(line.text))
    return (alone or not blank_line_mode) and _looks_like_heading(line.text)


def _blocks_of(*, lines: list[_Line], blank_line_mode: bool) -> list[dict]:
    blocks: list[dict] = []
    paragraph: list[str] = []
    items: list[str] = []
    for line in lines:
        item = _bullet_text(line)
        if item is not None:
            _end_paragraph(blocks, paragraph)
            items.append(item)
            continue
        _end_list(blocks, items)
        if _is_heading(line, blank_line_mode=blank_line_mode):
            _end_paragraph(blocks, paragraph)
            blocks.append({"type": "heading", "value": {"text": line.text.strip(), "level": "h2"}})
            continue
        if blank_line_mode and line.group_start:
            _end_paragraph(blocks, paragraph)
        paragraph.append(line.text.strip())
        if not blank_line_mode or line.group_end or SENTENCE_END.search(line.text):
            _end_paragraph(blocks, paragraph)
    _end_paragraph(blocks, paragraph)
    _end_list(blocks, items)
    return blocks


def _end_paragraph(blocks: list[dict], paragraph: list[str]) -> None:
    """A paragraph's lines (more than one where the text was wrapped) as one paragraph block."""
    if paragraph:
        blocks.append(paragraph_block(" ".join(paragraph)))
        paragraph.clear()


def _end_list(blocks: list[dict], items: list[str]) -> None:
    if items:
        blocks.append({"type": "bulleted_list", "value": list(items)})
        items.clear()


def paragraph_block(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{html.escape(text, quote=False)}</p>"}


# Markdown's inline formatting, on text already HTML-escaped: bold, italic and links become the
# rich text's own (the paragraph block's features); code spans keep their text. A link's address
# must be http(s) or mailto, else the link is dropped and its text kept.
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<url>[^\s()\"<>]+)\)")
MARKDOWN_BOLD = re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1")
MARKDOWN_ITALIC = re.compile(r"(?<![\w*])(\*|_)(?=\S)(?P<text>[^*_]+?)(?<=\S)\1(?![\w*])")
MARKDOWN_CODE = re.compile(r"`(?P<text>[^`]+)`")
LINK_SCHEMES = ("http://", "https://", "mailto:")


def markdown_html(escaped: str) -> str:
    def link(match: re.Match) -> str:
        url = match.group("url")
        if not url.lower().startswith(LINK_SCHEMES):
            return match.group("text")
        return f'<a href="{url}">{match.group("text")}</a>'

    escaped = MARKDOWN_CODE.sub(lambda match: match.group("text"), escaped)
    escaped = MARKDOWN_LINK.sub(link, escaped)
    escaped = MARKDOWN_BOLD.sub(lambda match: f"<b>{match.group('text')}</b>", escaped)
    return MARKDOWN_ITALIC.sub(lambda match: f"<i>{match.group('text')}</i>", escaped)


def markdown_plain(text: str) -> str:
    """Text without Markdown's inline marks (for headings, list items and the title)."""
    return text_of_html(markdown_html(html.escape(text, quote=False)))


def _with_markdown_formatting(block: dict) -> dict:
    kind, value = block["type"], block["value"]
    if kind == "paragraph":
        return {"type": kind, "value": markdown_html(value)}
    if kind == "heading":
        return {"type": kind, "value": {**value, "text": markdown_plain(value["text"])}}
    if kind == "bulleted_list":
        return {"type": kind, "value": [markdown_plain(item) for item in value]}
    return block


def text_of_html(markup: str) -> str:
    """The words of the rich text the importer writes (its own tags only: no attributes to parse)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _paragraph_text(block: dict) -> str:
    return text_of_html(block["value"])


def _with_contact_block(*, body: list[dict], stripped: list[str]) -> list[dict]:
    """The closing call-to-action paragraphs (up to three at the end) become one contact block."""
    end = len(body)
    start = end
    while (
        start > 0
        and end - start < CALL_TO_ACTION_MAX_PARAGRAPHS
        and body[start - 1]["type"] == "paragraph"
        and CALL_TO_ACTION.search(_paragraph_text(body[start - 1]))
    ):
        start -= 1
    if start == end:
        return body
    stripped.extend(f"call to action (now the clinic contact block): {_paragraph_text(b)}" for b in body[start:])
    return [*body[:start], {"type": "contact", "value": {"heading": ""}}]


def summary_of(*, body: list[dict]) -> str:
    """The opening of the first paragraph, whole sentences where they fit in the summary's 300
    characters. Editors are expected to rewrite it."""
    first = next((_paragraph_text(block) for block in body if block["type"] == "paragraph"), "")
    if len(first) <= SUMMARY_MAX:
        return first
    sentences = re.split(r"(?<=[.!?])\s+", first)
    summary = ""
    for sentence in sentences:
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > SUMMARY_MAX:
            break
        summary = candidate
    if not summary:
        summary = first[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"
    return summary


def parse_file_text(*, text: str, suffix: str) -> ParsedArticle:
    """A file's text parsed by its type: an HTML page's main content, Markdown, or plain text."""
    if suffix in HTML_SUFFIXES:
        text = main_content_of_html(markup=text)
    return parse_article(text=text, markdown=suffix in MARKDOWN_SUFFIXES)


def parse_article_file(*, path: Path) -> ParsedArticle:
    if path.is_file():
        supported_suffix(path.name)
    return parse_file_text(text=read_text_file(path=path), suffix=path.suffix.lower())


def parse_uploaded_article(*, name: str, raw: bytes) -> ParsedArticle:
    """An uploaded file (the admin's import) parsed as ``parse_article_file`` parses a path."""
    suffix = supported_suffix(name)
    return parse_file_text(text=text_of(raw=raw), suffix=suffix)


def claims_of(*, parsed: ParsedArticle, locale: Locale) -> ClaimReport:
    return check_text(parsed.text, language=locale.language_code)


# Saving


def slug_for(*, parsed: ParsedArticle, source_name: str) -> str:
    """The draft's slug: its title's, else the file name's (a title of punctuation only)."""
    return slugify(parsed.title)[:TITLE_MAX] or slugify(Path(source_name).stem)[:TITLE_MAX] or "imported-article"


def existing_draft_for(*, parsed: ParsedArticle, parent: Page, source_name: str = "") -> ArticlePage | None:
    """The article a re-import of this file updates: the same parent, the same slug."""
    slug = slug_for(parsed=parsed, source_name=source_name)
    return ArticlePage.objects.child_of(parent).filter(slug=slug).first()


def refusal_to_update(*, existing: ArticlePage, source_name: str, user) -> str:
    """Why a re-import may not update ``existing`` ("" when it may): only the draft this file made,
    and only while no reviewer is deciding on it and nobody holds its lock."""
    if existing.imported_from != source_name:
        return (
            f"An article titled {existing.title!r} is already here and was not imported from this file: "
            "change the file's title, or edit that article."
        )
    if existing.workflow_in_progress:
        return f"Its draft, {existing.title!r}, is in medical review: import it again once the reviewer has decided."
    if existing.locked:
        return f"Its draft, {existing.title!r}, is locked by {existing.locked_by or 'someone'}: ask them to unlock it."
    if user is not None and not existing.permissions_for_user(user).can_edit():
        return f"You may not edit its draft, {existing.title!r}."
    return ""


def body_problems(body: list[dict]) -> str:
    """What the article's blocks would refuse (a heading too long, say), in words; "" if none."""
    stream_block = ArticlePage._meta.get_field("body").stream_block
    try:
        stream_block.clean(stream_block.to_python(body))
    except ValidationError as error:
        return "; ".join(error.messages) or "A block is not valid."
    return ""


def import_article(
    *, parsed: ParsedArticle, parent: Page, locale: Locale, user=None, source_name: str = ""
) -> ImportResult:
    """Create the draft article under ``parent`` or, when this file was imported there before,
    save a new draft revision of it. Never publishes. All or nothing."""
    if parent.locale_id != locale.pk:
        raise UnreadableFile(f"The parent page {parent.title!r} is not in {locale.get_display_name()}.")
    problems = body_problems(parsed.body)
    if problems:
        raise UnreadableFile(f"Its blocks cannot be saved as they are: {problems}")
    slug = slug_for(parsed=parsed, source_name=source_name)
    with transaction.atomic():
        existing = existing_draft_for(parsed=parsed, parent=parent, source_name=source_name)
        if existing is not None and (
            refusal := refusal_to_update(existing=existing, source_name=source_name, user=user)
        ):
            raise UnreadableFile(refusal)
        conflict = slug_conflicts_for(slug=slug, parent=parent, locale=locale, exclude=existing)
        if conflict is not None:
            raise UnreadableFile(
                f"Another article, {conflict.title!r}, already uses the slug {slug!r} where this one would be shown."
            )
        if existing is None:
            data = {"slug": slug, "title": parsed.title, "summary": parsed.summary, "body": parsed.body}
            page, revision = create_article_draft(
                parent=parent, data=data, categories=[], disclaimer=None, user=user, imported_from=source_name
            )
            return ImportResult(page=page, revision=revision, created=True)
        page = existing.get_latest_revision_as_object()
        page.title = parsed.title
        page.summary = parsed.summary
        page.body = parsed.body
        page.full_clean()
        revision = page.save_revision(user=user, log_action=True)
        return ImportResult(page=page, revision=revision, created=False)
