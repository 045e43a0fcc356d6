"""The claims checker: sentences of an article a medical reviewer would question, each with the
rule that flagged it and why (rules are data: ``rules.toml``, readable by a reviewer), or, where
no high-severity rule did, the classifier trained on labelled sentences (``learned.py``)."""

from .checker import ClaimFlag, ClaimReport, PageFlag, check_text, rules

__all__ = ["ClaimFlag", "ClaimReport", "PageFlag", "check_text", "rules"]
