"""Claim checks: the checker (rules and classifier) on a 2,000-word article (English and Spanish),
compiling the rules and training the classifier once a process, and ``check_claims`` run on such
a file from the shell (Django's start, the compiling and the training included).

    .venv/bin/python bench/claims.py [--json]

``bench/run.py`` (``make bench``) runs it and puts its section in docs/performance.md. The
editor panel's update as one types is measured in a real browser by ``make walkthrough``.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.claims import check_text  # noqa: E402
from articles.claims.checker import classifier, rules  # noqa: E402
from articles.claims.learned import labelled_sentences  # noqa: E402

WORDS = 2000
ROUNDS = 20
TARGETS = {"check ms": 200.0}


def article_of(language: str) -> str:
    """2,000 words of labelled sentences (flagged and acceptable ones) in one language."""
    sentences = [row.text for row in labelled_sentences() if row.language == language]
    text, count, index = [], 0, 0
    while count < WORDS:
        sentence = sentences[index % len(sentences)]
        text.append(sentence)
        count += len(sentence.split())
        index += 1
    return "\n\n".join(" ".join(text[start : start + 4]) for start in range(0, len(text), 4))


def median_ms(text: str, language: str) -> float:
    check_text(text, language=language)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        check_text(text, language=language)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def command_seconds(text: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text("A 2,000-word article\n\n" + text, encoding="utf-8")
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "check_claims", str(path), "--format", "json"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def measure() -> dict:
    started = time.perf_counter()
    rules.cache_clear()
    rules()
    compile_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    classifier()
    train_ms = (time.perf_counter() - started) * 1000
    english, spanish = article_of("en"), article_of("es")
    return {
        "words": WORDS,
        "rules": len(rules().sentence_rules),
        "compile ms": compile_ms,
        "train ms": train_ms,
        "check ms": median_ms(english, "en"),
        "check ms es": median_ms(spanish, "es"),
        "command s": command_seconds(english),
    }


def lines(results: dict) -> tuple[list[str], list[tuple[str, float, float, str]]]:
    text = [
        "## Claim checks (`bench/claims.py`)",
        "",
        f"The checker ({results['rules']} sentence rules, and the classifier where no high-severity rule "
        f"flags a sentence) on an article of {results['words']:,} words made of labelled sentences, median of "
        "20; and `check_claims` on such a file from the shell.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| checking a {results['words']:,}-word English article | {results['check ms']:.1f} ms |",
        f"| checking a {results['words']:,}-word Spanish article | {results['check ms es']:.1f} ms |",
        f"| compiling the rules, once a process | {results['compile ms']:.0f} ms |",
        f"| training the classifier (scikit-learn's import included), once a process | {results['train ms']:.0f} ms |",
        f"| `check_claims --format json` on the file, the whole command | {results['command s']:.2f} s |",
        "",
        "The editor panel's update as one types (its round trip, in Chromium) is measured by `make walkthrough`.",
        "",
    ]
    checks = [(f"claims check of {results['words']:,} words ms", results["check ms"], TARGETS["check ms"], "<=")]
    return text, checks


def main() -> int:
    results = measure()
    if "--json" in sys.argv:
        print(json.dumps(results))
        return 0
    text, checks = lines(results)
    print("\n".join(text))
    return 0 if all(value <= wanted for _, value, wanted, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
