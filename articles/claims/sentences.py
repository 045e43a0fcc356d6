"""Splitting a text into its sentences, as the rules and the classifier read it."""

import re

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n+")


def sentences_of(text: str) -> list[str]:
    """The text's sentences, exactly as written (whitespace at their ends aside)."""
    return [part.strip() for part in SENTENCE_END.split(text) if part and part.strip()]
