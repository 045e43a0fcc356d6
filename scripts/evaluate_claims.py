"""Precision and recall of the claims checker per category, on the labelled sentences of
``articles/claims/evaluation/sentences.csv`` (written apart from the rules: the rules were not
written from them), and the checker's time on a 2,000-word article. Writes docs/claims.md.

    .venv/bin/python scripts/evaluate_claims.py
"""

import csv
import hashlib
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.claims import check_text  # noqa: E402
from articles.claims.checker import rules, sentences_of  # noqa: E402

SENTENCES = ROOT / "articles" / "claims" / "evaluation" / "sentences.csv"
REPORT = ROOT / "docs" / "claims.md"
TARGET_RECALL, TARGET_PRECISION, TARGET_MS = 0.9, 0.8, 200.0


def categories_flagged(text: str, language: str) -> set[str]:
    return {rule.category for rule in rules().for_language(language) if rule.flags(text)}


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def shown(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def evaluate(rows: list[dict], *, show_sentences: bool) -> tuple[list[str], bool]:
    high = {rule.category for rule in rules().sentence_rules if rule.severity == "high"}
    lines = []
    met = True
    for language in sorted({row["language"] for row in rows}):
        subset = [row for row in rows if row["language"] == language]
        truth = Counter()
        found = Counter()
        correct = Counter()
        high_tp = high_fp = high_fn = 0
        misses: list[str] = []
        false_alarms: list[str] = []
        for row in subset:
            label = row["category"]
            flagged = categories_flagged(row["text"], language)
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
    return lines, met


def timing() -> tuple[float, int]:
    sample = (ROOT / "articles" / "claims" / "evaluation" / "sentences.csv").read_text(encoding="utf-8")
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


def half_of(text: str) -> str:
    """A fixed half of the set for each sentence: "tuning" (whose misses the rules may be
    improved from) or "held-out" (never looked at; the numbers that count)."""
    return "tuning" if int(hashlib.sha256(text.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def main() -> int:
    rows = list(csv.DictReader(SENTENCES.read_text(encoding="utf-8").splitlines()))
    wanted = sys.argv[1] if len(sys.argv) > 1 else "held-out"
    rows = [row for row in rows if half_of(row["text"]) == wanted]
    lines, met = evaluate(rows, show_sentences=wanted == "tuning")
    ms, sentences = timing()
    fast = ms <= TARGET_MS
    text = [
        "# Claims checker: precision and recall",
        "",
        "Written by `.venv/bin/python scripts/evaluate_claims.py` from the labelled sentences of "
        "`articles/claims/evaluation/sentences.csv`, written apart from the rules (`articles/claims/rules.toml`). "
        "A sentence counts as flagged for a category when any rule of that "
        "category in its language flags it. The set is split in two fixed halves by a hash of each sentence: "
        "the rules may be improved from the misses of the tuning half (`scripts/evaluate_claims.py tuning` "
        f"prints them, and does not write this page); these are the numbers of the **{wanted}** half.",
        "",
        f"Checking a 2,000-word article ({sentences} sentences): **{ms:.1f} ms** median of 20 "
        f"(wanted under {TARGET_MS:.0f} ms: {'met' if fast else 'MISSED'}).",
        "",
        *lines,
    ]
    if wanted == "held-out":
        REPORT.write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(text))
    return 0 if met and fast else 1


if __name__ == "__main__":
    sys.exit(main())
