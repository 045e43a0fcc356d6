"""The durable record of every change a front-end could see, written with the change itself."""

from django.db import models


class ContentChange(models.Model):
    """One committed change: the cache tags it bumps and the subjects it touched.

    Written in the change's own transaction by ``network.speed.invalidation.invalidate`` (a
    transactional outbox), so a change rolled back leaves none and a committed one is never lost.
    Two consumers read it, each marking its own flag; the row goes once both did:

    - the cache bump (``bumped``): done after the commit, and replayed by every process
      (``network.speed.invalidation.replay_pending``) when it did not reach the shared cache;
    - the relay (``relayed``, ``changes.relay``): works out, from the database, what each clinic's
      website now serves differently, and writes one ``changes.ClinicChange`` per clinic affected
      (the change feed, webhooks and CDN purges read those).
    """

    tags = models.JSONField()
    subjects = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    bumped = models.BooleanField(default=False)
    relayed = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(bumped=False), name="change_to_bump"),
            models.Index(fields=["id"], condition=models.Q(relayed=False), name="change_to_relay"),
        ]

    def __str__(self) -> str:
        return ", ".join(self.tags)
