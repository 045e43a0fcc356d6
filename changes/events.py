"""A clinic change as front-ends receive it: one shape for the change feed and webhook bodies.

``{"id", "type", "timestamp", "clinic", "data"}`` (the Standard Webhooks payload shape), where
``data`` holds what to refresh:

- ``kind``: article, disclaimer, contact, clinic or taxonomy; ``key``: the article's or
  disclaimer's translation key (the same in every locale);
- ``locale``, and for articles ``slug`` (``previous_slug`` when it changed);
- ``reason`` for a withdrawal: unpublished, deleted, hidden, moved, overdue (withheld until its
  review is renewed) or not_approved (its approval revoked or missing); ``next_review_due`` for
  the review events;
- ``urls``: the clinic website's own pages to revalidate; ``paths``: the API paths whose answers
  changed; ``surrogate_keys``: the ``Surrogate-Key`` / ``Cache-Tag`` values to purge.
"""

from .models import ClinicChange


def event_body(change: ClinicChange, *, clinic_slug: str) -> dict:
    return {
        "id": str(change.pk),
        "type": change.type,
        "timestamp": change.created_at.isoformat().replace("+00:00", "Z"),
        "clinic": clinic_slug,
        "data": change.data,
    }
