"""The Redis cache, with one client per connection pool instead of one per call.

Django's RedisCacheClient builds a new redis.Redis for every cache call, and redis-py's
constructor fills a table of about 170 response callbacks each time: a third of the cost of a
cache read. A client is safe to share between threads (each command borrows a connection from
the pool), so the one built first for a pool serves every later call.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
