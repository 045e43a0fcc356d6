"""The claim rules: each one flags the examples it is meant to catch and leaves alone those it
is not, English covers every category reviewers asked for, Spanish every high-severity one."""

import pytest

from articles.claims import check_text, rules

ENGLISH_CATEGORIES = {
    "absolute_safety",
    "guarantee_or_cure",
    "comparison",
    "uncited_statistic",
    "vague_evidence",
    "hype",
    "speed_or_duration",
    "testimonial",
    "suicide_claim",
    "mechanism_overclaim",
    "risk_minimisation",
    "unsafe_instruction",
    "disparaging_care",
}

EXAMPLES = [
    pytest.param(rule, sentence, True, id=f"{rule.id}-match-{number}")
    for rule in rules().sentence_rules
    for number, sentence in enumerate(rule.examples_match)
] + [
    pytest.param(rule, sentence, False, id=f"{rule.id}-no-match-{number}")
    for rule in rules().sentence_rules
    for number, sentence in enumerate(rule.examples_no_match)
]


@pytest.mark.parametrize(("rule", "sentence", "flagged"), EXAMPLES)
def test_each_rule_flags_its_examples_and_leaves_the_others(rule, sentence, flagged):
    assert rule.flags(sentence) is flagged


def test_every_rule_has_examples_both_ways_and_says_why():
    for rule in rules().sentence_rules:
        assert rule.examples_match and rule.examples_no_match, rule.id
        assert len(rule.why) > 40, rule.id


def test_english_covers_every_category_and_spanish_every_high_severity_one():
    english = {rule.category for rule in rules().for_language("en")}
    assert english >= ENGLISH_CATEGORIES
    high = {rule.category for rule in rules().for_language("en") if rule.severity == "high"}
    assert {rule.category for rule in rules().for_language("es")} >= high


def test_a_page_about_ketamine_for_depression_needs_the_off_label_statement():
    text = "Ketamine infusions may help some adults with depression."
    assert [flag.rule for flag in check_text(text).page_flags] == ["off_label"]
    hedged = text + " Ketamine is not FDA-approved for depression; it is used off-label."
    assert check_text(hedged).page_flags == []


def test_a_page_mentioning_suicide_needs_the_988_line():
    text = "Depression can bring thoughts of suicide."
    assert "crisis_line" in [flag.rule for flag in check_text(text).page_flags]
    assert "crisis_line" not in [flag.rule for flag in check_text(text + " Call or text 988.").page_flags]


def test_no_disclaimer_is_flagged_only_when_it_is_known_none_is_attached():
    assert "no_disclaimer" in [flag.rule for flag in check_text("Text.", has_disclaimer=False).page_flags]
    assert "no_disclaimer" not in [flag.rule for flag in check_text("Text.").page_flags]


def test_a_flag_names_the_exact_sentence_its_rule_and_why():
    report = check_text("Our clinic is open on Mondays. Infusions are completely safe! Call us today.")
    assert [(flag.sentence, flag.rule, flag.severity) for flag in report.flags] == [
        ("Infusions are completely safe!", "en.absolute_safety", "high")
    ]
    assert "risks" in report.flags[0].why
