"""A second reader beside the rules: a classifier trained on the labelled sentences of
``training/*.csv`` and on the sentences of articles a reviewer would approve (``approved/**/*.md``
and the demo network's articles), which flags a sentence as high severity when it reads like the
sentences labelled with a high-severity category, though no high-severity rule flagged it.

Patterns catch the wordings their writer thought of; a new writer finds others (docs/decisions.md,
"A classifier beside the claim rules"). Its flag names the category of the labelled sentences it
is nearest to and quotes two of them, so a reviewer can still see why. Trained once per process
on first use (2-3 s with scikit-learn's import), from the files themselves: there is no model file
to keep. If it cannot be trained, the failure is logged and claims are checked by the rules alone,
which the panel and the approval step say.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sentences import LANGUAGES, sentences_of, text_of_html

TRAINING = Path(__file__).with_name("training")
APPROVED = Path(__file__).with_name("approved")
CLASSIFIER_RULE = "classifier"
# The probability of "high severity" from which a sentence is flagged, chosen by training on all
# sets but one and measuring on the one left out (scripts/evaluate_claims.py folds).
THRESHOLD = 0.45
STRENGTH = 32.0  # the inverse of the regularisation: C of the logistic regression
NEIGHBOURS = 5
# Headings, list items and short answers ("No.", "It depends on you.") are few in the labelled
# sets, and the classifier is unreliable on them; the rules still read them.
MIN_WORDS = 7
SUFFIX = {
    "en": " No high-severity rule flagged it: the classifier trained on our labelled sentences finds it reads "
    "like those labelled “{category}”, such as {examples}.",
    "es": " Ninguna regla de gravedad alta la marcó: el clasificador entrenado con nuestras frases etiquetadas "
    "la encuentra parecida a las etiquetadas «{category}», como {examples}.",
}
QUOTES = {"en": ("“", "”", " and "), "es": ("«", "»", " y ")}
CATEGORY_NAMES = {
    "es": {
        "absolute_safety": "seguridad absoluta",
        "guarantee_or_cure": "garantía o cura",
        "speed_or_duration": "rapidez o duración",
        "suicide_claim": "afirmación sobre el suicidio",
        "mechanism_overclaim": "exageración del mecanismo",
        "risk_minimisation": "minimización de riesgos",
        "unsafe_instruction": "instrucción peligrosa",
    }
}


@dataclass(frozen=True)
class LabelledSentence:
    language: str
    category: str  # "none" for an acceptable sentence
    text: str


@dataclass(frozen=True)
class Resemblance:
    """Why the classifier flags a sentence: how likely it is high severity, the category of the
    high-severity labelled sentences nearest to it, and the nearest of them."""

    probability: float
    category: str
    examples: tuple[str, ...]

    def explanation(self, language: str) -> str:
        opening, closing, joiner = QUOTES.get(language, QUOTES["en"])
        # A quoted example's own full stop is dropped: the explanation's ends the sentence.
        examples = joiner.join(f"{opening}{text.rstrip('.')}{closing}" for text in self.examples)
        template = SUFFIX.get(language, SUFFIX["en"])
        name = CATEGORY_NAMES.get(language, {}).get(self.category, self.category.replace("_", " "))
        return template.format(category=name, examples=examples)


def normalised(text: str) -> str:
    """A sentence as compared with others: case and spacing aside (two authors sometimes write the
    same short sentence; the evaluation leaves such a sentence out)."""
    return " ".join(text.casefold().split())


def labelled_sentences(paths: list[Path] | None = None) -> list[LabelledSentence]:
    rows = []
    for path in paths if paths is not None else sorted(TRAINING.glob("*.csv")):
        for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
            rows.append(LabelledSentence(language=row["language"], category=row["category"], text=row["text"]))
    return rows


MARKDOWN_MARKS = re.compile(r"^\s*(?:#{1,6}|[-*•>]|\d+[.)])\s+")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def approved_sentences(root: Path = APPROVED) -> list[LabelledSentence]:
    """The sentences of the Markdown articles under ``approved/`` (``en-*.md``, ``es-*.md``; one
    paragraph, heading or list item a line), without Markdown's marks."""
    rows = []
    for path in sorted(root.rglob("*.md")):
        language = path.name.split("-", 1)[0]
        if language not in LANGUAGES:
            raise ValueError(f"{path}: an approved article's name starts with its language (en-, es-).")
        for line in path.read_text(encoding="utf-8").splitlines():
            text = MARKDOWN_EMPHASIS.sub(r"\2", MARKDOWN_LINK.sub(r"\1", MARKDOWN_MARKS.sub("", line)))
            rows += [LabelledSentence(language, "none", sentence) for sentence in sentences_of(text)]
    return rows


TEXT_FIELDS = frozenset(
    {"title", "summary", "seo_title", "search_description", "body", "value", "text", "heading", "question", "answer"}
)


def demo_sentences() -> list[LabelledSentence]:
    """The sentences of the demo network's articles (``articles/demo/content.py``), in English
    and in their Spanish translations: articles written to pass review. Only their text fields are
    read (titles, summaries, search texts, the blocks' text), not slugs, tones or levels."""
    from articles.demo.content import CLINIC_ARTICLES, SHARED_ARTICLES

    rows: list[LabelledSentence] = []

    def read(value, language: str) -> None:
        if isinstance(value, str):
            rows.extend(LabelledSentence(language, "none", sentence) for sentence in sentences_of(text_of_html(value)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "translations":
                    for other, translation in item.items():
                        read(translation, other)
                elif key in TEXT_FIELDS:
                    read(item, language)
        elif isinstance(value, list | tuple):
            for item in value:
                read(item, language)

    clinics = [articles for articles in CLINIC_ARTICLES.values() if isinstance(articles, list)]
    articles: list = [*SHARED_ARTICLES, *[article for clinic in clinics for article in clinic]]
    read(articles, "en")
    return rows


def as_features(language: str, text: str) -> str:
    # One model for both languages; the language is a token no sentence has, so each learns its
    # own wording and shares what the two have in common.
    return f"zzlanguage{language} {text}"


class Classifier:
    """Word and character n-grams (tf-idf) into a logistic regression of "high severity or not";
    the nearest labelled sentences by cosine similarity of the same features."""

    def __init__(
        self,
        labelled: list[LabelledSentence],
        *,
        high: frozenset[str],
        threshold: float = THRESHOLD,
        strength: float = STRENGTH,
        min_words: float = MIN_WORDS,
    ):
        # scikit-learn is imported here: a process that never checks a claim does not load it.
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union

        self.threshold = threshold
        self.min_words = min_words
        self.features = make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        )
        matrix = self.features.fit_transform([as_features(row.language, row.text) for row in labelled])
        self.model = LogisticRegression(C=strength, class_weight="balanced", max_iter=3000)
        self.model.fit(matrix, [row.category in high for row in labelled])
        self.high_index = list(self.model.classes_).index(True)
        # The high-severity labelled sentences of each language, to find those a sentence is nearest.
        self.nearest: dict[str, tuple[list[LabelledSentence], Any]] = {}  # sentences, their features
        for language in {row.language for row in labelled}:
            rows = [index for index, row in enumerate(labelled) if row.category in high and row.language == language]
            if rows:
                self.nearest[language] = ([labelled[index] for index in rows], matrix[rows])

    def probabilities(self, sentences: list[str], *, language: str):
        """The features of the sentences, and how likely each is to be high severity."""
        if not sentences:
            return None, []
        matrix = self.features.transform([as_features(language, text) for text in sentences])
        return matrix, self.model.predict_proba(matrix)[:, self.high_index]

    def judge(self, sentences: list[str], *, language: str) -> list[Resemblance | None]:
        """For each sentence, why it reads as a high-severity claim, or None (every sentence of a
        language it was not trained on)."""
        if not sentences or language not in self.nearest:
            return [None] * len(sentences)
        matrix, probabilities = self.probabilities(sentences, language=language)
        flagged = [
            position
            for position, probability in enumerate(probabilities)
            if probability >= self.threshold and len(sentences[position].split()) >= self.min_words
        ]
        judged: list[Resemblance | None] = [None] * len(sentences)
        if not flagged:
            return judged
        import numpy

        rows, nearest = self.nearest[language]
        similarities = (matrix[flagged] @ nearest.T).toarray()  # cosine, as the features are normalised
        for position, row in zip(flagged, similarities, strict=True):
            order = numpy.argsort(-row, kind="stable")
            weight: dict[str, float] = {}
            for index in order[:NEIGHBOURS]:
                weight[rows[index].category] = weight.get(rows[index].category, 0.0) + float(row[index])
            category = max(weight, key=lambda name: weight[name])
            examples = [rows[index].text for index in order if rows[index].category == category]
            judged[position] = Resemblance(float(probabilities[position]), category, tuple(examples[:2]))
        return judged
