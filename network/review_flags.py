"""The flags a medical reviewer must acknowledge before approving: the high-severity claim flags
of the revision under review, each answered with a comment that is recorded with the approval.

The rooms that check claims (articles) say which flags a revision has through a Wagtail hook;
the network room never imports them. An approval without a comment on every one is refused.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.models import Revision

from .models import MedicalReview

FLAGS_HOOK = "medical_review_flags_to_acknowledge"
"""Wagtail hook: ``fn(*, revision) -> list[FlagToAcknowledge]``, the high-severity flags of the
content in that revision (an empty list for content it does not check)."""

FIELD_PREFIX = "acknowledge_"
COMMENT_MAX_LENGTH = 1000


@dataclass(frozen=True)
class FlagToAcknowledge:
    """A high-severity flag of the revision under review, as the approve step shows it."""

    rule: str
    category: str
    sentence: str  # "" for a flag on the whole article
    where: str  # "Block 3 (Paragraph)", "Title", "The whole article"
    why: str
    source: str = ""  # what flagged it, as the reviewer reads it: "rule en.hype", "the classifier"

    @property
    def key(self) -> str:
        return flag_key(rule=self.rule, sentence=self.sentence)

    @property
    def field_name(self) -> str:
        return f"{FIELD_PREFIX}{self.key}"

    def acknowledged(self, comment: str) -> dict:
        """The flag and its comment as the approval records them, with why it was flagged (a
        classifier's flag says which labelled sentences it resembled, which a later change of its
        training could not tell)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "sentence": self.sentence,
            "where": self.where,
            "why": self.why,
            "comment": comment,
        }


def flag_key(*, rule: str, sentence: str) -> str:
    """The same flag in another revision has the same key: the rule and the exact sentence."""
    return hashlib.sha256(f"{rule}\n{sentence}".encode()).hexdigest()[:12]


class UnacknowledgedFlags(PermissionDenied):
    """An approval that does not answer every high-severity flag of the revision: nothing is recorded."""

    def __init__(self, missing: list[FlagToAcknowledge]):
        self.missing = missing
        count = len(missing)
        super().__init__(
            f"Not approved: {count} high-severity claim flag{'s' if count != 1 else ''} of this revision "
            f"{'are' if count != 1 else 'is'} not acknowledged. Open Approve and answer each flag with a comment, "
            "or request changes."
        )


def says_something(comment: str) -> bool:
    """An answer has words or figures in it: not only spaces, invisible characters or punctuation."""
    return bool(re.search(r"\w", comment))


def flags_to_acknowledge(*, revision: Revision | None) -> list[FlagToAcknowledge]:
    """The high-severity flags of the revision, once each (a sentence repeated in two blocks is one flag)."""
    if revision is None:
        return []
    flags: dict[str, FlagToAcknowledge] = {}
    for flags_of in hooks.get_hooks(FLAGS_HOOK):
        for flag in flags_of(revision=revision):
            flags.setdefault(flag.key, flag)
    return list(flags.values())


def earlier_acknowledgements(*, revision: Revision) -> dict[str, dict]:
    """The comments of the last approval of the same content, by flag key: what the approve step
    offers again for a flag that was already answered (the reviewer still submits each one)."""
    last = (
        MedicalReview.objects.filter(
            base_content_type_id=revision.base_content_type_id,
            object_id=revision.object_id,
            decision=MedicalReview.APPROVED,
        )
        .exclude(acknowledged_flags=[])
        .order_by("-reviewed_at", "-pk")
        .first()
    )
    if last is None:
        return {}
    earlier = {}
    for entry in last.acknowledged_flags:
        key = flag_key(rule=entry.get("rule", ""), sentence=entry.get("sentence", ""))
        earlier[key] = {**entry, "reviewer_name": last.reviewer_name, "reviewed_at": last.reviewed_at}
    return earlier


def acknowledgements_for(*, revision: Revision, comments: Mapping[str, object]) -> list[dict]:
    """Each high-severity flag of the revision with the reviewer's comment on it, from the approval
    form's fields (``acknowledge_<key>``); ``UnacknowledgedFlags`` if any has none. Comments on
    flags the revision no longer has are ignored."""
    flags = flags_to_acknowledge(revision=revision)
    answered, missing = [], []
    for flag in flags:
        comment = comments.get(flag.field_name)
        comment = comment.strip() if isinstance(comment, str) else ""
        if says_something(comment):
            answered.append(flag.acknowledged(comment[:COMMENT_MAX_LENGTH]))
        else:
            missing.append(flag)
    if missing:
        raise UnacknowledgedFlags(missing)
    return answered


def answers_to_every_flag(*, revision: Revision, comment: str) -> dict[str, str]:
    """The same comment on each high-severity flag of the revision, by the approve form's field names."""
    return {flag.field_name: comment for flag in flags_to_acknowledge(revision=revision)}
