"""Each clinic change recorded by the relay becomes a delivery to every endpoint that asked for
it, in the relay's own transaction (nothing recorded is lost between the two), and each batch's
cache tags a purge at every configured CDN. The deliveries are queued once that transaction
commits; the worker's sweep sends any whose wake-up was lost.

An endpoint hears a change when it is active (and its client too), its client is the change's
clinic's or network-wide (no clinic), and it chose no event types or the change's. The message id
(``webhook-id``) is ``msg_<change>_<endpoint>``: the same on every attempt and redelivery.
"""

import secrets
from collections.abc import Sequence

from django.dispatch import receiver

from changes.events import event_body
from changes.models import ClinicChange
from changes.relay import clinic_changes_recorded
from clinics.models import Clinic

from . import purges
from .models import Delivery, WebhookEndpoint
from .tasks import enqueue_after_commit


def message_id_for(*, change: ClinicChange, endpoint: WebhookEndpoint) -> str:
    return f"msg_{change.pk}_{endpoint.pk}"


def deliveries_for_changes(*, changes: Sequence[ClinicChange], tags: set[str]) -> list[Delivery]:
    """Write the deliveries a batch of clinic changes needs (webhooks, then purges)."""
    if not changes and not tags:
        return []
    endpoints = list(WebhookEndpoint.objects.filter(active=True, client__is_active=True).select_related("client"))
    clinic_ids = {change.clinic_id for change in changes}
    slugs = dict(Clinic.objects.filter(pk__in=clinic_ids).values_list("pk", "slug")) if endpoints else {}
    deliveries = [
        Delivery(
            destination=Delivery.WEBHOOK,
            endpoint=endpoint,
            change=change,
            clinic_id=change.clinic_id,
            message_id=message_id_for(change=change, endpoint=endpoint),
            event_type=change.type,
            payload=event_body(change, clinic_slug=slugs[change.clinic_id]),
        )
        for change in changes
        for endpoint in endpoints
        if endpoint.client.clinic_id in (None, change.clinic_id)
        and (not endpoint.event_types or change.type in endpoint.event_types)
    ]
    batch = secrets.token_hex(6)
    deliveries.extend(
        Delivery(
            destination=destination,
            change=changes[-1] if changes else None,
            message_id=f"purge_{batch}_{destination}_{number}",
            event_type=purges.PURGE_EVENT,
            payload=payload,
        )
        for number, (destination, payload) in enumerate(purges.purges_for(tags=set(tags)), start=1)
    )
    if not deliveries:
        return []
    created = Delivery.objects.bulk_create(deliveries)
    enqueue_after_commit(delivery_ids=[delivery.pk for delivery in created])
    return created


@receiver(clinic_changes_recorded)
def record_deliveries(sender, *, changes, tags=frozenset(), **kwargs):
    deliveries_for_changes(changes=list(changes), tags=set(tags or ()))
