"""Flagging risky medical claims, sentence by sentence, with the rules of ``rules.toml`` and,
beside them, a classifier trained on labelled sentences (``learned.py``).

A rule flags a sentence its ``pattern`` matches unless its ``unless`` (a hedge, a citation)
matches too; page rules flag an article that ``mentions`` a topic without what it ``requires``
(the off-label statement, the 988 crisis line). Compiled once per process.
"""

import functools
import logging
import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import learned
from .learned import CLASSIFIER_RULE, Classifier
from .sentences import sentences_of

logger = logging.getLogger(__name__)

RULES_FILE = Path(__file__).with_name("rules.toml")
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Rule:
    id: str
    language: str
    category: str
    severity: str
    why: str
    pattern: re.Pattern
    unless: re.Pattern | None
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()

    def flags(self, sentence: str) -> bool:
        return bool(self.pattern.search(sentence)) and not (self.unless and self.unless.search(sentence))


@dataclass(frozen=True)
class PageRule:
    id: str
    category: str
    severity: str
    why: str
    mentions: tuple[re.Pattern, ...]  # the page mentions every one of these
    requires: re.Pattern | None


@dataclass(frozen=True)
class Rules:
    sentence_rules: tuple[Rule, ...]
    page_rules: tuple[PageRule, ...]

    def for_language(self, language: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.sentence_rules if rule.language == language)

    def why_of(self, category: str, language: str) -> str:
        """Why a reviewer questions a category, in the language (the first rule's words)."""
        for rule in (*self.for_language(language), *self.sentence_rules):
            if rule.category == category:
                return rule.why
        return ""


@dataclass(frozen=True)
class ClaimFlag:
    """A sentence a rule flagged: where it is (``block``: the article block's id, if any)."""

    sentence: str
    rule: str
    category: str
    severity: str
    why: str
    block: str = ""

    @property
    def category_label(self) -> str:
        return self.category.replace("_", " ").capitalize()

    @property
    def source(self) -> str:
        """What flagged the sentence, as a reviewer reads it."""
        return "the classifier" if self.rule == CLASSIFIER_RULE else f"rule {self.rule}"

    def as_json(self) -> dict:
        data = {"sentence": self.sentence, "rule": self.rule, "category": self.category, "severity": self.severity}
        data["explanation"] = self.why
        if self.block:
            data["block"] = self.block
        return data


@dataclass(frozen=True)
class PageFlag:
    rule: str
    category: str
    severity: str
    why: str

    @property
    def category_label(self) -> str:
        return self.category.replace("_", " ").capitalize()

    def as_json(self) -> dict:
        return {"rule": self.rule, "category": self.category, "severity": self.severity, "explanation": self.why}


@dataclass
class ClaimReport:
    flags: list[ClaimFlag] = field(default_factory=list)
    page_flags: list[PageFlag] = field(default_factory=list)

    @property
    def high(self) -> list[ClaimFlag | PageFlag]:
        every: list[ClaimFlag | PageFlag] = [*self.flags, *self.page_flags]
        return [flag for flag in every if flag.severity == "high"]

    def as_json(self) -> dict:
        return {
            "flags": [flag.as_json() for flag in self.flags],
            "page_flags": [flag.as_json() for flag in self.page_flags],
        }


def compile_pattern(text: str | None) -> re.Pattern | None:
    return re.compile(text, re.IGNORECASE | re.UNICODE) if text else None


@functools.cache
def rules(path: Path = RULES_FILE) -> Rules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sentence_rules = []
    for raw in data.get("rule", []):
        if raw["severity"] not in SEVERITIES:
            raise ValueError(f"Rule {raw['id']}: severity must be one of {', '.join(SEVERITIES)}.")
        examples = raw.get("examples", {})
        pattern = compile_pattern(raw["pattern"])
        assert pattern is not None
        sentence_rules.append(
            Rule(
                id=raw["id"],
                language=raw["language"],
                category=raw["category"],
                severity=raw["severity"],
                why=raw["why"],
                pattern=pattern,
                unless=compile_pattern(raw.get("unless")),
                examples_match=tuple(examples.get("match", ())),
                examples_no_match=tuple(examples.get("no_match", ())),
            )
        )
    page_rules = tuple(
        PageRule(
            id=raw["id"],
            category=raw["category"],
            severity=raw["severity"],
            why=raw["why"],
            mentions=tuple(
                re.compile(text, re.IGNORECASE)
                for text in ([raw["mentions"]] if isinstance(raw.get("mentions"), str) else raw.get("mentions", []))
            ),
            requires=compile_pattern(raw.get("requires")),
        )
        for raw in data.get("page_rule", [])
    )
    return Rules(sentence_rules=tuple(sentence_rules), page_rules=page_rules)


def flags_in(text: str, *, language: str, block: str = "") -> list[ClaimFlag]:
    """The sentences of the text the rules flag, and those the classifier flags as high severity
    where no high-severity rule did (``learned.py``), in the text's order."""
    sentences = sentences_of(text)
    language_rules = rules().for_language(language)
    by_sentence = [
        [
            ClaimFlag(sentence, rule.id, rule.category, rule.severity, rule.why, block)
            for rule in language_rules
            if rule.flags(sentence)
        ]
        for sentence in sentences
    ]
    trained = classifier()
    if trained is None:  # it could not be trained (logged): the rules alone
        return [flag for flags in by_sentence for flag in flags]
    unmatched = [index for index, flags in enumerate(by_sentence) if not any(f.severity == "high" for f in flags)]
    judged = trained.judge([sentences[index] for index in unmatched], language=language)
    for index, resemblance in zip(unmatched, judged, strict=True):
        if resemblance is not None:
            why = rules().why_of(resemblance.category, language) + resemblance.explanation(language)
            by_sentence[index].append(
                ClaimFlag(sentences[index], CLASSIFIER_RULE, resemblance.category, "high", why, block)
            )
    return [flag for flags in by_sentence for flag in flags]


def page_flags_of(text: str, *, has_disclaimer: bool | None) -> list[PageFlag]:
    """The page rules the whole text breaks; ``no_disclaimer`` only when it is known that no
    disclaimer is attached (an article; not a file being checked before import)."""
    found = []
    for rule in rules().page_rules:
        if rule.id == "no_disclaimer":
            broken = has_disclaimer is False
        else:
            mentioned = bool(rule.mentions) and all(pattern.search(text) for pattern in rule.mentions)
            broken = mentioned and not (rule.requires is not None and rule.requires.search(text))
        if broken:
            found.append(PageFlag(rule=rule.id, category=rule.category, severity=rule.severity, why=rule.why))
    return found


def check_text(text: str, *, language: str = "en", has_disclaimer: bool | None = None) -> ClaimReport:
    """Every flag of a text: its sentences, and the page as a whole."""
    return ClaimReport(
        flags=flags_in(text, language=language), page_flags=page_flags_of(text, has_disclaimer=has_disclaimer)
    )


def high_categories() -> frozenset[str]:
    """The categories the rules file gives high severity: what the classifier learns to flag."""
    return frozenset(rule.category for rule in rules().sentence_rules if rule.severity == "high")


_LOCK = threading.Lock()
_PREPARING: list[threading.Thread] = []
_PREPARING_LOCK = threading.Lock()


@functools.cache
def _trained() -> Classifier | None:
    try:
        labelled = [*learned.labelled_sentences(), *learned.approved_sentences(), *learned.demo_sentences()]
        return Classifier(labelled, high=high_categories())
    except Exception:  # a broken training file must not take the edit view and the approval down
        logger.exception("The claims classifier could not be trained: claims are checked by the rules alone.")
        return None


def classifier() -> Classifier | None:
    """The classifier trained on the labelled and the approved sentences, once per process
    (threads wait for it); None if it could not be trained (logged once)."""
    with _LOCK:
        return _trained()


def prepare_in_background() -> None:
    """Train the classifier (and compile the rules) in a thread, once per process, so that an
    editor's first check does not wait for it. Called when the process first renders an admin
    page: a process that never serves one never loads scikit-learn (about 150 MB)."""
    with _PREPARING_LOCK:
        if _PREPARING:
            return
        thread = threading.Thread(target=check_text, args=("",), name="prepare-claims-checker", daemon=True)
        _PREPARING.append(thread)
    thread.start()
