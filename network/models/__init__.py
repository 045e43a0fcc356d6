"""Network-wide models: the shared library, disclaimers, and medical review."""

from .content import DISCLAIMER_FEATURES, DeliverySettings, Disclaimer, SharedLibraryPage
from .drafts import TranslatedAsDraftMixin
from .invalidation import ContentChange
from .preview import PreviewSnapshot
from .review import (
    MedicalReview,
    MedicalReviewer,
    MedicalReviewTask,
    ReviewReminder,
    ReviewSettings,
    live_review_field,
)

__all__ = [
    "DISCLAIMER_FEATURES",
    "ContentChange",
    "DeliverySettings",
    "Disclaimer",
    "MedicalReview",
    "MedicalReviewTask",
    "MedicalReviewer",
    "PreviewSnapshot",
    "ReviewReminder",
    "ReviewSettings",
    "SharedLibraryPage",
    "TranslatedAsDraftMixin",
    "live_review_field",
]
