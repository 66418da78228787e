"""A token bucket in Redis, shared by every worker sending through the same ESP account, so the
account's rate limit holds however many workers there are (SEND_RATE_PER_SECOND; 0 = none)."""

import time
from functools import cache

import redis
from django.conf import settings

# KEYS[1] bucket; ARGV: rate per second, burst, now (seconds), tokens wanted.
# Returns the number of tokens granted now (0..wanted).
_TAKE = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local wanted = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then tokens = math.min(burst, tokens + (now - at) * rate) end
local granted = math.min(wanted, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('EXPIRE', KEYS[1], 3600)
return granted
"""


def redis_client(url: str | None = None) -> redis.Redis:
    return _client(url or settings.REDIS_URL)


@cache
def _client(url: str) -> redis.Redis:
    # kombu spells a unix socket redis+socket://, redis-py unix://
    return redis.Redis.from_url(url.replace("redis+socket://", "unix://"))


class TokenBucket:
    def __init__(
        self,
        *,
        rate: float,
        burst: float | None = None,
        key: str = "pressroom:ratelimit:esp",
        client: redis.Redis | None = None,
    ) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(rate, 1.0)
        self.key = key
        self.client = client or redis_client()
        self._take = self.client.register_script(_TAKE)

    def take(self, wanted: int, *, now: float | None = None) -> int:
        """Tokens granted now, between 0 and `wanted`."""
        moment = time.time() if now is None else now
        return int(self._take(keys=[self.key], args=[self.rate, self.burst, moment, wanted]))

    def wait_for(self, wanted: int) -> None:
        """Block until `wanted` tokens have been granted (in as many takes as it needs)."""
        remaining = wanted
        while remaining > 0:
            remaining -= self.take(remaining)
            if remaining > 0:
                time.sleep(min(1.0, max(remaining, 1) / self.rate))


def esp_bucket() -> TokenBucket | None:
    rate = settings.SEND_RATE_PER_SECOND
    if rate <= 0:
        return None
    return TokenBucket(rate=rate)
