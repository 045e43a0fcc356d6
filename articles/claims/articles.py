"""The claim flags of an article: its title, summary and body blocks, each flag pointing at the
block it is in (the block's id; ``title`` and ``summary`` for those fields), checked with the
rules of the page's language, and the page checks over the whole text."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from articles.models import ArticlePage, LocalArticleText

from .checker import ClaimReport, flags_in, page_flags_of
from .sentences import LANGUAGES, text_of_html

TITLE = "title"
SUMMARY = "summary"


@dataclass(frozen=True)
class BlockText:
    """One part of an article as the checker reads it: where it is and its plain text."""

    id: str  # the body block's id, or TITLE / SUMMARY
    position: int | None  # 1-based position in the body; None for the title and summary
    type: str  # the block's label ("Paragraph"), or "Title" / "Summary"
    text: str


def rules_language(language_code: str) -> str:
    """The rules an article is checked with: Spanish for Spanish pages, English otherwise."""
    language = (language_code or "").split("-")[0].lower()
    return language if language in LANGUAGES else "en"


def plain(value) -> str:
    """The text of a block value: rich text without its tags, structs and lists part by part."""
    if value is None:
        return ""
    source = getattr(value, "source", None)  # RichText: its stored HTML, not expanded (no queries)
    if source is not None:
        return text_of_html(source).strip()
    if isinstance(value, str):
        return value.strip()
    if hasattr(value, "items") and callable(value.items):  # StructValue
        return "\n".join(part for key, child in value.items() if key != "image" and (part := plain(child)))
    if isinstance(value, Iterable):  # ListValue
        return "\n".join(part for child in value if (part := plain(child)))
    return ""


def texts_of(article: ArticlePage) -> Iterator[BlockText]:
    """The article's title, summary and body blocks as plain text, in reading order."""
    yield BlockText(id=TITLE, position=None, type="Title", text=article.title or "")
    yield BlockText(id=SUMMARY, position=None, type="Summary", text=article.summary or "")
    # What search engines and link previews show of it (the API serves both).
    yield BlockText(id="seo_title", position=None, type="Title for search engines", text=article.seo_title or "")
    yield BlockText(
        id="search_description", position=None, type="Search description", text=article.search_description or ""
    )
    for position, child in enumerate(article.body, start=1):
        label = str(child.block.label or child.block_type)
        yield BlockText(id=child.id or f"block-{position}", position=position, type=label, text=plain(child.value))


def claims_of_article(article: ArticlePage) -> ClaimReport:
    """Every claim flag of the article as it is (a draft's content, a revision's), with each
    flag's ``block`` naming where it is."""
    return claims_of_content(article)


def texts_of_local_text(text: LocalArticleText) -> Iterator[BlockText]:
    """A clinic's local text of a shared article: its introduction and call to action."""
    introduction = text_of_html(text.introduction or "").strip()
    yield BlockText(id="introduction", position=None, type="Introduction", text=introduction)
    yield BlockText(id="call_to_action", position=None, type="Call to action", text=text.call_to_action or "")


def texts_of_content(content) -> Iterator[BlockText]:
    """The parts of reviewed content the claims checker reads: an article's, a local text's."""
    if isinstance(content, LocalArticleText):
        return texts_of_local_text(content)
    return texts_of(content)


def claims_of_content(content) -> ClaimReport:
    """The claim flags of an article or of a clinic's local text, each flag's ``block`` naming
    where it is; the page checks for articles only (a local text's are its shared article's)."""
    language, disclaimer = language_and_disclaimer_of(content)
    parts = [part for part in texts_of_content(content) if part.text]
    report = ClaimReport()
    for part in parts:
        report.flags.extend(flags_in(part.text, language=language, block=part.id))
    if not isinstance(content, LocalArticleText):
        whole = "\n\n".join(part.text for part in parts)
        report.page_flags = page_flags_of(whole, has_disclaimer=disclaimer)
    return report


def language_and_disclaimer_of(content) -> tuple[str, bool]:
    """The rules' language of an article or local text, and whether a disclaimer is attached
    (a local text shows its article's)."""
    if isinstance(content, LocalArticleText):
        return rules_language(content.article.locale.language_code), True
    return rules_language(content.locale.language_code), content.disclaimer_id is not None


def checked_as(content) -> tuple:
    """What the flags of ``content`` depend on: its kind, the rules' language, whether it has a
    disclaimer, and its texts part by part (the same key, the same flags)."""
    language, disclaimer = language_and_disclaimer_of(content)
    parts = tuple((part.id, part.position, part.type, part.text) for part in texts_of_content(content))
    return (type(content).__name__, language, disclaimer, parts)
