"""The text the checker reads: rich text or a web page as plain lines, split into sentences."""

import html
import re

from django.utils.html import strip_tags

LANGUAGES = ("en", "es")  # the languages with rules (and the classifier's training)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n+")
# Where lines of HTML end: paragraphs, headings, list items, line breaks, a page's sections.
LINE_TAGS = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|section|article|tr|blockquote)\b[^>]*>", re.IGNORECASE)


def text_of_html(markup: str) -> str:
    """The words of HTML, a line for each paragraph, heading or list item, tags dropped."""
    return html.unescape(strip_tags(LINE_TAGS.sub("\n", markup)))


def sentences_of(text: str) -> list[str]:
    """The text's sentences, exactly as written (whitespace at their ends aside)."""
    return [part.strip() for part in SENTENCE_END.split(text) if part and part.strip()]
