"""Django's Redis cache with one client object per process.

Django's backend builds a new ``redis.Redis`` object (a few hundred microseconds of setup) for
every cache call; the connection pool is shared either way. Reusing the client takes that cost
off every request, as does skipping memcached's key checks.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def validate_key(self, key):
        """Redis takes any key: memcached's portability warnings, a loop over every character of
        every key, would only cost time on every request."""
