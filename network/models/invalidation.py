"""Cache invalidations written to the database with the change they belong to."""

from django.db import models


class PendingInvalidation(models.Model):
    """Tags a committed change must bump in the shared cache. Written in the change's own
    transaction and deleted once the bump reached the cache, so a bump lost to a cache outage, a
    cache marked unavailable or a process dying after the commit is replayed by every process
    (``network.speed.invalidation.replay_pending``) as soon as the cache is reachable."""

    tags = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return ", ".join(self.tags)
