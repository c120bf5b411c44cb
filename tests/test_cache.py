"""The project's Redis cache: Django's, sharing one client per server between calls."""

from django.core.cache import cache

from config.cache import RedisCache


def test_the_cache_stores_reads_counts_and_forgets_through_one_client() -> None:
    cache.set("cache-test:value", {"answers": [1, 2]}, 30)
    assert cache.get("cache-test:value") == {"answers": [1, 2]}
    assert cache.add("cache-test:count", 0, 30) is True
    assert cache.add("cache-test:count", 5, 30) is False
    assert cache.incr("cache-test:count") == 1
    cache.delete_many(["cache-test:value", "cache-test:count"])
    assert cache.get("cache-test:value") is None
    # The point of the class: no client is built per call.
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client(write=False) is client  # one server: reads use it too


def test_with_replicas_writes_go_to_the_first_server_and_reads_to_the_others() -> None:
    location = cache._cache._servers[0]
    replicated = RedisCache([location, location], {})
    writer = replicated._cache.get_client(write=True)
    reader = replicated._cache.get_client(write=False)
    assert reader is not writer
    assert replicated._cache.get_client(write=False) is reader
    assert writer.connection_pool is replicated._cache._get_connection_pool(write=True)
