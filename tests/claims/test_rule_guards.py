"""The rules' first-letter guards (``\\b(?=[abc])(?:alpha|beta|cycle)``, see the header of
``articles/claims/rules.toml``) list the first letter of every word in the group they guard: a
word added to a group without its letter would silently never match."""

import re

import pytest

from articles.claims import rules
from articles.claims.checker import RULES_FILE

GUARD = re.compile(r"\(\?=\[([^\]]+)\]\)\(")


def group_after(text: str, start: int) -> str | None:
    """The inside of the group opening at ``text[start]`` (escapes and classes skipped)."""
    depth, index, in_class = 0, start, False
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index]
        index += 1
    return None


def top_alternatives(body: str) -> list[str]:
    """The group's alternatives, split at its own ``|`` (not those of groups inside it)."""
    parts, current, depth, in_class, index = [], "", 0, False, 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            current += body[index : index + 2]
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(current)
            current = ""
            index += 1
            continue
        current += char
        index += 1
    parts.append(current)
    return parts


def first_chars(alternative: str) -> set[str] | None:
    """The letters a match of the alternative can start with; None where that is not plain."""
    alternative = re.sub(r"#[^\n]*|\s+", "", alternative)
    if alternative.startswith("?:"):
        alternative = alternative[2:]
    if not alternative:
        return None
    char = alternative[0]
    if char == "(":
        inner = group_after(alternative, 0)
        if inner is None:
            return None
        if inner[:2] in ("?<", "?=", "?!"):  # a lookaround reads nothing: what follows starts the word
            return first_chars(alternative[len(inner) + 2 :])
        inner = inner[2:] if inner.startswith("?:") else inner
        letters: set[str] = set()
        for part in top_alternatives(inner):
            first = first_chars(part)
            if first is None:
                return None
            letters |= first
        return letters
    if char == "[":
        return set(alternative[1 : alternative.index("]")].lower())
    if char == "\\":
        return None if alternative[1] in "swdbWSDB" else {alternative[1].lower()}
    return {char.lower()}


def unguarded_words() -> list[str]:
    import tomllib

    found = []
    for rule in tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))["rule"]:
        pattern = rule["pattern"]
        for match in GUARD.finditer(pattern):
            letters = set(match.group(1).lower())
            body = group_after(pattern, match.end() - 1) or ""
            body = body[2:] if body.startswith("?:") else body
            for alternative in top_alternatives(body):
                first = first_chars(alternative)
                if first and first - letters:
                    found.append(f"{rule['id']}: {sorted(first - letters)} for {alternative.strip()[:60]}")
    return found


def test_every_guarded_word_starts_with_a_letter_its_guard_lets_through():
    assert rules().sentence_rules  # the file is read
    assert unguarded_words() == []


@pytest.mark.parametrize(
    "pattern",
    [r"\b(?=[ab])(?:alpha|beta|cycle)", r"\b(?=[a])(?:alpha|(?:be|ce)ta)"],
)
def test_the_check_finds_a_word_its_guard_would_skip(pattern):
    match = GUARD.search(pattern)
    body = group_after(pattern, match.end() - 1)[2:]
    letters = set(match.group(1))
    assert any(first_chars(alternative) - letters for alternative in top_alternatives(body))
