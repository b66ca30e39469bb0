"""The Lua scripts behind :mod:`aiosmsc.redis`, and where they keep their keys.

Every script reads the Redis server's clock (``TIME``, in microseconds) so that all
processes, on all hosts, share one clock. Every key of a namespace carries the hash tag
``{namespace}``, so a script's keys sit in one Redis Cluster slot. Times are kept as
whole microseconds written with ``%.0f`` (Lua numbers are doubles: exact up to 2**53 µs,
285 years after 1970; ``tostring`` would round them to 14 digits).
"""

from __future__ import annotations

__all__ = [
    "ACQUIRE",
    "CANCEL_QUOTAS",
    "CLAIM",
    "PENALIZE",
    "QUOTAS",
    "RELEASE",
    "RENEW",
    "US",
    "Keys",
]

#: Microseconds a second: the scripts' unit of time.
US = 1_000_000

_NOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local function us(x) return string.format('%.0f', x) end
local function ms_until(t) return math.max(1, math.ceil((t - now) / 1000)) end
local function expire_with_last(key)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if last[2] then redis.call('PEXPIRE', key, ms_until(tonumber(last[2]) + 1000000)) end
end
"""

#: KEYS: leases (zset: lease id -> expiry), schedule (the GCRA theoretical arrival time).
#: ARGV: lease id, max concurrency, lease µs, interval µs, tolerance µs.
#: Drops expired leases; if one is free, takes it and reserves the next rate slot (after
#: any penalty, which is folded into the schedule): {1, wait µs, schedule after}.
#: Otherwise {0, µs until the oldest lease expires, ""}.
ACQUIRE = (
    _NOW
    + """
local leases, schedule = KEYS[1], KEYS[2]
redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
if redis.call('ZCARD', leases) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', leases, 0, 0, 'WITHSCORES')
  return {0, us(tonumber(first[2]) - now), ''}
end
local interval, tolerance = tonumber(ARGV[4]), tonumber(ARGV[5])
local slot = math.max(tonumber(redis.call('GET', schedule) or '0'), now)
local wait = math.max(0, slot - tolerance - now)
local after = slot + interval
if interval > 0 then
  redis.call('SET', schedule, us(after), 'PX', ms_until(after))
end
redis.call('ZADD', leases, us(now + wait + tonumber(ARGV[3])), ARGV[1])
expire_with_last(leases)
return {1, us(wait), us(after)}
"""
)

#: KEYS: leases, schedule. ARGV: lease id, schedule after our slot ('' to keep the slot),
#: interval µs. Frees the lease; gives the rate slot back if nobody reserved after it.
RELEASE = (
    _NOW
    + """
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] ~= '' and redis.call('GET', KEYS[2]) == ARGV[2] then
  local before = tonumber(ARGV[2]) - tonumber(ARGV[3])
  if before > now then
    redis.call('SET', KEYS[2], us(before), 'PX', ms_until(before))
  else
    redis.call('DEL', KEYS[2])
  end
end
return 1
"""
)

#: KEYS: leases. ARGV: lease µs, then lease ids. Extends each lease still held; returns
#: how many were (a lease missing here expired: its holder stalled past the lease time).
RENEW = (
    _NOW
    + """
local renewed = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', us(now + tonumber(ARGV[1])), ARGV[i])
    renewed = renewed + 1
  end
end
expire_with_last(KEYS[1])
return renewed
"""
)

#: KEYS: schedule. ARGV: penalty µs, tolerance µs. No slot starts before now + penalty.
PENALIZE = (
    _NOW
    + """
local target = now + tonumber(ARGV[1]) + tonumber(ARGV[2])
if tonumber(redis.call('GET', KEYS[1]) or '0') < target then
  redis.call('SET', KEYS[1], us(target), 'PX', ms_until(target))
end
return 1
"""
)

#: KEYS: one zset of booked starts per quota. ARGV: booking token, then limit and period
#: µs of each quota. Books the earliest start every quota allows; returns µs until then.
QUOTAS = (
    _NOW
    + """
local start = now
for i, key in ipairs(KEYS) do
  local limit, period = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
  if redis.call('ZCARD', key) >= limit then
    local nth = redis.call('ZREVRANGE', key, limit - 1, limit - 1, 'WITHSCORES')
    start = math.max(start, tonumber(nth[2]) + period)
  end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, us(start), ARGV[1])
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', key, ms_until(tonumber(last[2]) + tonumber(ARGV[2 * i + 1])))
end
return us(start - now)
"""
)

#: KEYS: the quota zsets of a booking. ARGV: its token. Gives the booking back.
CANCEL_QUOTAS = """
for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[1]) end
return 1
"""

#: KEYS: the key to claim. ARGV: window µs. Returns µs since an earlier claim still in the
#: window, or -1 after claiming it now.
CLAIM = (
    _NOW
    + """
local before = redis.call('GET', KEYS[1])
if before then return us(now - tonumber(before)) end
redis.call('SET', KEYS[1], us(now), 'PX', ms_until(now + tonumber(ARGV[1])))
return '-1'
"""
)


class Keys:
    """The keys of one namespace, all under the hash tag ``{namespace}``."""

    __slots__ = ("prefix",)

    def __init__(self, namespace: str) -> None:
        self.prefix = "{" + namespace + "}:"

    @property
    def leases(self) -> str:
        """The concurrency leases (sorted set: lease id -> expiry, µs)."""
        return self.prefix + "leases"

    @property
    def schedule(self) -> str:
        """The rate schedule's next slot, µs (penalties push it back)."""
        return self.prefix + "schedule"

    def quota(self, key: str) -> str:
        """The booked starts of one per-script quota."""
        return self.prefix + "quota:" + key

    def recent(self, name: str, key: bytes) -> str:
        """One remembered key of a :class:`~aiosmsc.quotas.RecentKeys` named ``name``."""
        return self.prefix + "recent:" + name + ":" + key.hex()

    @property
    def pattern(self) -> str:
        """Matches every key of the namespace (for ``SCAN``)."""
        return self.prefix.replace("[", "\\[").replace("]", "\\]") + "*"
