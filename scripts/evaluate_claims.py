"""Precision and recall of the claims checker per category, and its time on a 2,000-word article.

Two labelled sets, both written apart from the rules:
- ``articles/claims/evaluation/sentences.csv``, the tuning set: the rules may be improved from
  its misses (``scripts/evaluate_claims.py tuning`` prints them, and writes nothing);
- ``articles/claims/heldout/sentences.csv``, the held-out set, written by another author who never
  read the rules, and never read while the rules are written: its numbers are the ones that count.
  Its sentences are not printed. The default; writes docs/claims.md (with the tuning set's numbers
  beside, for contrast).

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
from articles.claims.checker import rules, sentences_of  # noqa: E402

TUNING = sorted((ROOT / "articles" / "claims" / "evaluation").glob("*.csv"))
HELD_OUT = ROOT / "articles" / "claims" / "heldout" / "sentences.csv"
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


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def tuning_rows() -> list[dict]:
    return [row for path in TUNING for row in rows_of(path)]


def main() -> int:
    wanted = sys.argv[1] if len(sys.argv) > 1 else "held-out"
    if wanted == "tuning":
        lines, met = evaluate(tuning_rows(), show_sentences=True)
        print("\n".join(["# Tuning sets (articles/claims/evaluation/*.csv)", "", *lines]))
        return 0 if met else 1
    lines, met = evaluate(rows_of(HELD_OUT), show_sentences=False)
    tuning_lines, _ = evaluate(tuning_rows(), show_sentences=False)
    ms, sentences = timing()
    fast = ms <= TARGET_MS
    text = [
        "# Claims checker: precision and recall",
        "",
        "Written by `.venv/bin/python scripts/evaluate_claims.py`. A sentence counts as flagged for a category "
        "when any rule of that category in its language flags it; a high-severity flag is correct when the "
        "sentence is labelled with a high-severity category.",
        "",
        "- **Held-out set** (`articles/claims/heldout/sentences.csv`, the numbers that count): written by a "
        "second author from the categories' definitions only, who never read the rules; the rules were not "
        "improved from it, and its sentences are not printed by the script.",
        "- **Tuning set** (`articles/claims/evaluation/sentences.csv`): written apart from the rules too, but "
        "the rules were improved from its misses (`scripts/evaluate_claims.py tuning` prints them). Its "
        "numbers are at the end, for contrast: the gap between the two is how far the rules generalise.",
        "",
        f"Checking a 2,000-word article ({sentences} sentences): **{ms:.1f} ms** median of 20 "
        f"(wanted under {TARGET_MS:.0f} ms: {'met' if fast else 'MISSED'}).",
        "",
        "# Held-out set",
        "",
        *[line.replace("## ", "## Held-out, ", 1) if line.startswith("## ") else line for line in lines],
        "# Tuning set",
        "",
        *[line.replace("## ", "## Tuning, ", 1) if line.startswith("## ") else line for line in tuning_lines],
    ]
    REPORT.write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(text))
    return 0 if met and fast else 1


if __name__ == "__main__":
    sys.exit(main())
