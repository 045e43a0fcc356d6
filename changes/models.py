"""What each clinic's website has been told changed: the change feed, and what webhooks send."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

# Event types, as front-ends receive them.
ARTICLE_PUBLISHED = "article.published"
ARTICLE_UPDATED = "article.updated"
ARTICLE_WITHDRAWN = "article.withdrawn"
REVIEW_DUE_SOON = "article.review_due_soon"
REVIEW_OVERDUE = "article.review_overdue"
CONTACT_CHANGED = "contact.changed"
DISCLAIMER_CHANGED = "disclaimer.changed"
CLINIC_CHANGED = "clinic.changed"
TAXONOMY_CHANGED = "taxonomy.changed"
EVENT_TYPES = (
    (ARTICLE_PUBLISHED, "An article the clinic now serves"),
    (ARTICLE_UPDATED, "A served article changed: a new approved revision, its slug, its override or local text"),
    (ARTICLE_WITHDRAWN, "An article the clinic no longer serves (unpublished, deleted, hidden, moved, withheld)"),
    (REVIEW_DUE_SOON, "A served article's medical review falls due soon"),
    (REVIEW_OVERDUE, "A served article's medical review is overdue"),
    (CONTACT_CHANGED, "The clinic's contact block in a locale changed"),
    (DISCLAIMER_CHANGED, "A disclaimer the clinic shows changed"),
    (CLINIC_CHANGED, "The clinic's own record changed (name, address, website, locales)"),
    (TAXONOMY_CHANGED, "Categories or tags changed"),
)

# What an event's ``data.kind`` names, and why an article is withdrawn (``data.reason``).
KINDS = ("article", "disclaimer", "contact", "clinic", "taxonomy")
WITHDRAWN_DELETED = "deleted"
WITHDRAWN_UNPUBLISHED = "unpublished"
WITHDRAWN_HIDDEN = "hidden"
WITHDRAWN_MOVED = "moved"
WITHDRAWN_OVERDUE = "overdue"
WITHDRAWN_NOT_APPROVED = "not_approved"
WITHDRAWAL_REASONS = (
    WITHDRAWN_UNPUBLISHED,
    WITHDRAWN_DELETED,
    WITHDRAWN_HIDDEN,
    WITHDRAWN_MOVED,
    WITHDRAWN_OVERDUE,
    WITHDRAWN_NOT_APPROVED,
)


class ClinicChange(models.Model):
    """One change a clinic's website needs to hear of, in the order the relay recorded them.

    Written only by the relay (``changes.relay``), one transaction at a time, so primary keys are
    assigned in commit order and a cursor (``pk``) never skips a change committed later."""

    # Kept when its clinic is deleted (until pruned): the feed's position, read from the newest
    # change, must never move back, or every other clinic's cursor would look ahead of the feed.
    clinic = models.ForeignKey("clinics.Clinic", null=True, on_delete=models.SET_NULL, related_name="changes")
    type = models.CharField(max_length=40, choices=EVENT_TYPES)
    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["clinic", "id"], name="clinic_change_feed")]

    def __str__(self) -> str:
        return f"{self.type} ({self.clinic_id})"


class ServedState(models.Model):
    """What the relay last recorded a clinic's website serves of one thing: an article in a
    locale, a disclaimer, a contact block, the clinic itself. Compared with what the database
    says now, it is how the relay knows a change was a withdrawal, and for whom."""

    KIND_ARTICLE = "article"
    KIND_DISCLAIMER = "disclaimer"
    KIND_CONTACT = "contact"
    KIND_CLINIC = "clinic"

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64, blank=True)
    locale = models.CharField(max_length=16, blank=True)
    slug = models.CharField(max_length=255, blank=True)
    fingerprint = models.CharField(max_length=64)
    review_status = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "kind", "key", "locale"], name="one_served_state"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.locale} ({self.clinic_id})"
