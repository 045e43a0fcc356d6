"""Precision and recall of the claims checker per category, and its time on a 2,000-word article.

The checker is the rules and, beside them, the classifier (``articles/claims/learned.py``). Its
labelled sets are each written by another author, from the categories' definitions only:
- ``articles/claims/training/*.csv``: the classifier learns from them, and the rules were improved
  from the misses of the first three. Each is measured with the classifier trained on the others
  (``tuning`` prints their misses, and writes nothing);
- ``articles/claims/heldout/sentences.csv``: neither learns from it and nobody improving either
  reads it; its numbers are the ones that count, and its sentences are not printed. The default;
  writes docs/claims.md.

    .venv/bin/python scripts/evaluate_claims.py [tuning]
"""

import csv
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.claims import check_text  # noqa: E402
from articles.claims.checker import high_categories, rules, sentences_of  # noqa: E402
from articles.claims.learned import (  # noqa: E402
    APPROVED,
    Classifier,
    LabelledSentence,
    approved_sentences,
    demo_sentences,
    normalised,
)

TRAINING = sorted((ROOT / "articles" / "claims" / "training").glob("*.csv"))
HELD_OUT = ROOT / "articles" / "claims" / "heldout" / "sentences.csv"
REPORT = ROOT / "docs" / "claims.md"
TARGET_RECALL, TARGET_PRECISION, TARGET_MS = 0.9, 0.8, 200.0


class Judge:
    """What the checker flags in a sentence: the rules, and a classifier (trained on the given
    labelled sentences) where no high-severity rule flags it; or the rules alone."""

    def __init__(self, trained_on: list[dict] | None, **settings: float):
        # settings: threshold, strength, min_words, to try others than the classifier's (tuning)
        self.classifier = (
            Classifier(
                [LabelledSentence(row["language"], row["category"], row["text"]) for row in trained_on],
                high=high_categories(),
                **settings,
            )
            if trained_on is not None
            else None
        )

    def categories(self, rows: list[dict], language: str) -> list[set[str]]:
        flagged = [
            {rule.category for rule in rules().for_language(language) if rule.flags(row["text"])} for row in rows
        ]
        if self.classifier is None:
            return flagged
        high = {rule.category for rule in rules().sentence_rules if rule.severity == "high"}
        unmatched = [index for index, found in enumerate(flagged) if not found & high]
        judged = self.classifier.judge([rows[index]["text"] for index in unmatched], language=language)
        for index, resemblance in zip(unmatched, judged, strict=True):
            if resemblance is not None:
                flagged[index].add(resemblance.category)
        return flagged


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def shown(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def evaluate(rows: list[dict], judge: Judge, *, show_sentences: bool) -> tuple[list[str], bool, dict]:
    """The report's lines, whether the targets are met, and per language (recall, precision)."""
    high = {rule.category for rule in rules().sentence_rules if rule.severity == "high"}
    lines = []
    met = True
    summary = {}
    for language in sorted({row["language"] for row in rows}):
        subset = [row for row in rows if row["language"] == language]
        truth = Counter()
        found = Counter()
        correct = Counter()
        high_tp = high_fp = high_fn = 0
        misses: list[str] = []
        false_alarms: list[str] = []
        for row, flagged in zip(subset, judge.categories(subset, language), strict=True):
            label = row["category"]
            if label != "none":
                truth[label] += 1
                if label in flagged:
                    correct[label] += 1
                elif len(misses) < 400:
                    misses.append(f"{label}: {row['text']}")
            for category in flagged:
                found[category] += 1
            if label == "none" and flagged and len(false_alarms) < 400:
                false_alarms.append(f"{', '.join(sorted(flagged))}: {row['text']}")
            is_high, flagged_high = label in high, bool(flagged & high)
            high_tp += is_high and flagged_high
            high_fp += flagged_high and not is_high
            high_fn += is_high and not flagged_high
        recall, precision = ratio(high_tp, high_tp + high_fn), ratio(high_tp, high_tp + high_fp)
        ok = (recall or 0) >= TARGET_RECALL and (precision or 0) >= TARGET_PRECISION
        met &= ok
        summary[language] = (recall, precision)
        lines += [
            f"## {language}: {len(subset)} sentences ({sum(truth.values())} a reviewer would question, "
            f"{len(subset) - sum(truth.values())} acceptable)",
            "",
            f"High-severity flags: recall **{shown(recall)}**, precision **{shown(precision)}** "
            f"(wanted at least {TARGET_RECALL} and {TARGET_PRECISION}: {'met' if ok else 'MISSED'}).",
            "",
            "| category | labelled | flagged | correct | recall | precision |",
            "|---|---|---|---|---|---|",
        ]
        for category in sorted(set(truth) | set(found)):
            lines.append(
                f"| {category} | {truth[category]} | {found[category]} | {correct[category]} | "
                f"{shown(ratio(correct[category], truth[category]))} | {shown(ratio(correct[category], found[category]))} |"
            )
        if show_sentences:  # the tuning half only: the held-out half's sentences stay unread
            lines += ["", "Missed:", ""] + ([f"- {line}" for line in misses] or ["- none"])
            lines += ["", "Acceptable sentences flagged:", ""] + ([f"- {line}" for line in false_alarms] or ["- none"])
        lines.append("")
    return lines, met, summary


def timing() -> tuple[float, int]:
    sample = (ROOT / "articles" / "claims" / "training" / "first_set.csv").read_text(encoding="utf-8")
    words = [row["text"] for row in csv.DictReader(sample.splitlines()) if row["language"] == "en"]
    text, count = "", 0
    while count < 2000:
        sentence = words[count % len(words)]
        text += sentence + " "
        count += len(sentence.split())
    check_text(text)  # compiled once per process
    times = []
    for _ in range(20):
        started = time.perf_counter()
        check_text(text)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(sentences_of(text))


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def training_sets() -> dict[str, list[dict]]:
    return {path.stem: rows_of(path) for path in TRAINING}


def as_rows(sentences: list[LabelledSentence]) -> list[dict]:
    return [{"language": row.language, "category": row.category, "text": row.text} for row in sentences]


def approved_corpora() -> dict[str, list[dict]]:
    """The articles a reviewer would approve, by author: the demo network's, and each folder of
    ``articles/claims/approved/``."""
    corpora = {"demo network": as_rows(demo_sentences())}
    for folder in sorted(path for path in APPROVED.iterdir() if path.is_dir()):
        if rows := as_rows(approved_sentences(folder)):
            corpora[f"approved/{folder.name}"] = rows
    return corpora


def unseen(rows: list[dict], trained_on: list[dict]) -> list[dict]:
    """The rows whose sentence is not also in the training (authors of different sets sometimes
    write the same short sentence): a sentence the classifier learnt is not a new writer's."""
    known = {normalised(row["text"]) for row in trained_on}
    return [row for row in rows if normalised(row["text"]) not in known]


def everything_but(sets: dict[str, list[dict]], left_out: str) -> list[dict]:
    return [row for name, rows in sets.items() if name != left_out for row in rows]


def folds(*, show_sentences: bool, **settings) -> tuple[list[str], list[str]]:
    """Each training set measured with the classifier trained on the others (and the approved
    articles): how the checker does on a writer it has not learnt from (the rules, though, were
    improved from the first three)."""
    table = [
        "| left out | sentences | recall en | precision en | recall es | precision es |",
        "|---|---|---|---|---|---|",
    ]
    details = []
    sets = training_sets()
    approved = [row for rows in approved_corpora().values() for row in rows]
    for name, rows in sets.items():
        trained_on = everything_but(sets, name) + approved
        rows = unseen(rows, trained_on)
        lines, _, summary = evaluate(rows, Judge(trained_on=trained_on, **settings), show_sentences=show_sentences)
        cells = [shown(value) for language in ("en", "es") for value in summary.get(language, (None, None))]
        table.append(f"| {name} | {len(rows)} | " + " | ".join(cells) + " |")
        details += [line.replace("## ", f"## {name}, ", 1) if line.startswith("## ") else line for line in lines]
    return table, details


def false_alarms(*, show_sentences: bool, **settings) -> tuple[list[str], list[str]]:
    """Each corpus of approved articles measured with the classifier trained without it: how many
    of its sentences get a high-severity flag, by the rules or by the classifier."""
    table = [
        "| left out | sentences | flagged by a rule | flagged by the classifier | flagged |",
        "|---|---|---|---|---|",
    ]
    flagged_sentences = []
    corpora = approved_corpora()
    labelled = [row for rows in training_sets().values() for row in rows]
    high = {rule.category for rule in rules().sentence_rules if rule.severity == "high"}
    for name, rows in corpora.items():
        with_classifier = Judge(trained_on=labelled + everything_but(corpora, name), **settings)
        by_rule = by_classifier = 0
        for language in sorted({row["language"] for row in rows}):
            subset = [row for row in rows if row["language"] == language]
            alone = Judge(trained_on=None).categories(subset, language)
            for row, ruled, both in zip(subset, alone, with_classifier.categories(subset, language), strict=True):
                by_rule += bool(ruled & high)
                by_classifier += bool(both & high) and not ruled & high
                if both & high and show_sentences:
                    flagged_sentences.append(f"- {name} ({'rule' if ruled & high else 'classifier'}): {row['text']}")
        every = by_rule + by_classifier
        table.append(
            f"| {name} | {len(rows)} | {by_rule} | {by_classifier} | {every} ({100 * every / len(rows):.1f}%) |"
        )
    return table, flagged_sentences


def main() -> int:
    wanted = sys.argv[1] if len(sys.argv) > 1 else "held-out"
    if wanted == "tuning":
        settings = {}
        for option, value in zip(sys.argv[2::2], sys.argv[3::2], strict=False):
            settings[option.removeprefix("--")] = float(value)
        table, details = folds(show_sentences=True, **settings)
        alarms, flagged = false_alarms(show_sentences=True, **settings)
        print("\n".join(["# Training sets, each with the classifier trained on the others", "", *table, ""]))
        print("\n".join(["# Approved articles, each corpus left out", "", *alarms, "", *flagged, "", *details]))
        return 0
    training = [row for rows in training_sets().values() for row in rows]
    training += [row for rows in approved_corpora().values() for row in rows]
    every_row = rows_of(HELD_OUT)
    held_out = unseen(every_row, training)
    lines, met, _ = evaluate(held_out, Judge(trained_on=training), show_sentences=False)
    _, _, rules_alone = evaluate(held_out, Judge(trained_on=None), show_sentences=False)
    table, _ = folds(show_sentences=False)
    alarms, _ = false_alarms(show_sentences=False)
    ms, sentences = timing()
    fast = ms <= TARGET_MS
    text = [
        "# Claims checker: precision and recall",
        "",
        "Written by `.venv/bin/python scripts/evaluate_claims.py`. The checker is the rules of "
        "`articles/claims/rules.toml` and, where no high-severity rule flags a sentence, the classifier of "
        "`articles/claims/learned.py`, trained on the training sets and the approved articles. A sentence "
        "counts as flagged for a "
        "category when a rule of that category flags it or the classifier flags it with that category; a "
        "high-severity flag is correct when the sentence is labelled with a high-severity category.",
        "",
        "- **Held-out set** (`articles/claims/heldout/sentences.csv`, the numbers that count): written by an "
        "author who read only the categories' definitions, never the rules nor the other sets; neither the "
        "rules nor the classifier learnt from it, and the script does not print its sentences. "
        f"{len(every_row) - len(held_out)} of its {len(every_row)} sentences are left out of the measure because a "
        "training set has the same sentence.",
        "- **Training sets** (`articles/claims/training/*.csv`), each by another author from the same "
        "definitions: the classifier is trained on them, and the rules were improved from the misses of the "
        "first three. Below, each is measured with the classifier trained on the others, on its sentences "
        "the others do not have (`scripts/evaluate_claims.py tuning` prints their misses).",
        "",
        f"Checking a 2,000-word article ({sentences} sentences): **{ms:.1f} ms** median of 20 "
        f"(wanted under {TARGET_MS:.0f} ms: {'met' if fast else 'MISSED'}).",
        "",
        "# Held-out set",
        "",
        "The rules alone, without the classifier: high-severity recall "
        + ", ".join(
            f"{language} **{shown(recall)}** at precision {shown(precision)}"
            for language, (recall, precision) in rules_alone.items()
        )
        + ".",
        "",
        *[line.replace("## ", "## Held-out, ", 1) if line.startswith("## ") else line for line in lines],
        "# Training sets, each left out of the classifier's training in turn",
        "",
        "High-severity flags, rules and classifier:",
        "",
        *table,
        "",
        "# Articles a reviewer would approve",
        "",
        "False alarms: sentences with a high-severity flag in articles written to pass review (the demo "
        "network's, and `articles/claims/approved/`, one folder per author), each corpus measured with the "
        "classifier trained without it.",
        "",
        *alarms,
        "",
    ]
    REPORT.write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(text))
    return 0 if met and fast else 1


if __name__ == "__main__":
    sys.exit(main())
