/**
 * Compact idempotency for the Redis store: which event ids a project has seen within the window.
 *
 * An id is kept as a 16-byte digest (the first half of SHA-256 over [project, id]) in one of the
 * project's bucket hashes, with the second it was seen (Redis clock, counted from SEEN_EPOCH_S so
 * it stays a 4-byte integer until 2091). A bucket holds about 48 digests, few enough that Redis
 * keeps it in its compact listpack encoding (up to 128 entries by default): about 34 bytes per id
 * (bench: "idempotency bytes per event id") against 85–140 for a key per id.
 *
 * Why a digest keeps the exact guarantee: two different ids collide only if their 128-bit
 * digests are equal. Among n ids in one window that happens with probability below n² / 2¹²⁹ —
 * for a trillion ids, 1.5·10⁻¹⁵ — far below the odds of undetected memory or disk corruption, and
 * SHA-256 has no known way to make collisions on purpose. A false duplicate is therefore not a
 * failure mode worth a byte more per id.
 *
 * Buckets grow by linear hashing: the project's layout hash holds `level`, `split` and `count`;
 * bucket n of 2^level + split is addressed by the digest's first 32 bits, and whenever the count
 * passes 48 per bucket one bucket is split in two (at most ~130 entries moved per batch, so no
 * batch ever pays for the whole set). A lookup is one HGET, whatever the window.
 *
 * The window: an id seen less than `window` ms ago is always a duplicate; one seen `window` + 1 s
 * ago or longer never is (the second it was seen is kept, not the millisecond). Old digests leave a bucket when it fills (a sweep as an insert fills it),
 * when it is split, or with the whole bucket: a bucket expires a window (rounded up to the next
 * whole hour) after its last write, so a project idle for a window and an hour leaves nothing behind.
 *
 * Those expiries cost no call per id: the layout keeps the hour every bucket must live to (its
 * `horizon`, a window and a second past now, rounded up to the hour) and how many buckets from the
 * first already do (`extended`). A batch extends the next SEEN_EXTEND_PER_BATCH buckets; a bucket it
 * writes below `extended` needs nothing unless the write created it (then it has no expiry at all,
 * and gets the horizon); one at or above is read (`PEXPIRETIME`) and extended when short. When the
 * horizon moves on (once an hour) `extended` starts again from 0.
 */
import { hash } from 'node:crypto';

export const DIGEST_BYTES = 16;
/** Average digests per bucket before a split: unsplit buckets hold up to twice it, below 128. */
export const SEEN_PER_BUCKET = 48;
/** A bucket this full is swept of expired digests before another is added. */
export const SEEN_SWEEP_AT = 112;
/** Seen-times are seconds after this (2023-11-14), so they fit listpack's 4-byte integers. */
export const SEEN_EPOCH_S = 1_700_000_000;
/** Buckets a batch brings up to the layout's horizon (a read each, and a write when short). */
export const SEEN_EXTEND_PER_BATCH = 64;

/**
 * The digest an id is kept as: keyed by project, so two projects may use the same id. As hex
 * (2 × DIGEST_BYTES characters): Node 20's one-shot hash() answering a Buffer goes through a Hash
 * object (1.9 µs a digest), answering hex does not (0.4 µs) — a tenth of the exporter's CPU while
 * ingesting.
 */
export function idDigestHex(project: string, id: string): string {
  return hash('sha256', JSON.stringify([project, id]), 'hex').slice(0, 2 * DIGEST_BYTES);
}

export function idDigest(project: string, id: string): Buffer {
  return Buffer.from(idDigestHex(project, id), 'hex');
}

/**
 * Lua: seenBefore(layoutKey, digest, nowMs, window) answers whether the digest was seen within the
 * window and, when not, records it as seen now; seenWithin(…) only answers. saveSeenLayouts(nowMs,
 * window) writes back the layouts the batch changed and the expiry of every key it touched; call
 * it once, at the end.
 */
export const LUA_SEEN_IDS = `
local SEEN_PER_BUCKET, SEEN_SWEEP_AT, SEEN_EPOCH_S, SEEN_EXTEND_PER_BATCH = ${SEEN_PER_BUCKET}, ${SEEN_SWEEP_AT}, ${SEEN_EPOCH_S}, ${SEEN_EXTEND_PER_BATCH}
-- seenTouched: bucket key → {layout, bucket number}; seenCreated: bucket key → layout, for the
-- buckets this batch (re)created, which have no expiry yet.
local seenLayouts, seenTouched, seenCreated = {}, {}, {}

local function seenSecond(nowMs)
  return math.floor(nowMs / 1000) - SEEN_EPOCH_S
end

-- Seen in second s means seen at most 1 s after its start: kept until window + 1 s after it.
local function stillSeen(seenAt, nowMs, window)
  return nowMs - (tonumber(seenAt) + SEEN_EPOCH_S) * 1000 < window + 1000
end

local function seenLayout(key)
  local layout = seenLayouts[key]
  if layout then return layout end
  local stored = redis.call('HMGET', key, 'level', 'split', 'count', 'horizon', 'extended')
  layout = { key = key, level = tonumber(stored[1]) or 0, split = tonumber(stored[2]) or 0, count = tonumber(stored[3]) or 0,
    horizon = tonumber(stored[4]) or 0, extended = tonumber(stored[5]) or 0 }
  seenLayouts[key] = layout
  return layout
end

local function digestNumber(digest)
  local a, b, c, d = string.byte(digest, 1, 4)
  return ((a * 256 + b) * 256 + c) * 256 + d
end

local function bucketNumber(layout, digest)
  local size = 2 ^ layout.level
  local bucket = digestNumber(digest) % size
  if bucket < layout.split then bucket = digestNumber(digest) % (size * 2) end
  return bucket
end

local function bucketKey(layout, digest)
  return layout.key .. ':' .. bucketNumber(layout, digest)
end

local function forget(layout, removed)
  layout.count = math.max(0, layout.count - removed)
end

-- Drops the digests older than the window from a full bucket.
local function sweep(layout, key, nowMs, window)
  local entries = redis.call('HGETALL', key)
  local expired = {}
  for i = 1, #entries, 2 do
    if not stillSeen(entries[i + 1], nowMs, window) then expired[#expired + 1] = entries[i] end
  end
  if #expired > 0 then redis.call('HDEL', key, unpack(expired)) end
  forget(layout, #expired)
end

-- Splits the next bucket in two, rewriting both (a hash that grew past the compact encoding
-- regains it only when written afresh) and leaving out expired digests.
local function split(layout, nowMs, window)
  local size = 2 ^ layout.level
  local from = layout.key .. ':' .. layout.split
  local to = layout.key .. ':' .. (layout.split + size)
  local entries = redis.call('HGETALL', from)
  redis.call('DEL', from)
  local stay, move = {}, {}
  for i = 1, #entries, 2 do
    if stillSeen(entries[i + 1], nowMs, window) then
      local target = (digestNumber(entries[i]) % (size * 2) == layout.split) and stay or move
      target[#target + 1] = entries[i]
      target[#target + 1] = entries[i + 1]
    end
  end
  if #stay > 0 then redis.call('HSET', from, unpack(stay)) end
  if #move > 0 then redis.call('HSET', to, unpack(move)) end
  -- DEL and HSET leave both without an expiry.
  seenCreated[from], seenCreated[to] = layout, layout
  forget(layout, (#entries - #stay - #move) / 2)
  layout.split = layout.split + 1
  if layout.split == size then layout.level, layout.split = layout.level + 1, 0 end
end

-- A new digest (the usual case) costs one HSETNX, one look through the bucket, and an HLEN; a
-- bucket past SEEN_SWEEP_AT after the insert is swept, which keeps the digest just added.
local function seenBefore(layoutKey, digest, nowMs, window)
  local layout = seenLayout(layoutKey)
  local bucket = bucketNumber(layout, digest)
  local key = layout.key .. ':' .. bucket
  local second = seenSecond(nowMs)
  if redis.call('HSETNX', key, digest, second) == 1 then
    layout.count = layout.count + 1
    local length = redis.call('HLEN', key)
    -- A hash holding only the digest just added was created by it (Redis keeps no empty hash).
    if length == 1 then seenCreated[key] = layout end
    if length > SEEN_SWEEP_AT then sweep(layout, key, nowMs, window) end
  else
    if stillSeen(redis.call('HGET', key, digest), nowMs, window) then return true end
    redis.call('HSET', key, digest, second)
  end
  seenTouched[key] = { layout, bucket }
  layout.changed = true
  if layout.count > SEEN_PER_BUCKET * (2 ^ layout.level + layout.split) then split(layout, nowMs, window) end
  return false
end

-- Only asks, records nothing: for a script that may still refuse its batch after checking every id.
local function seenWithin(layoutKey, digest, nowMs, window)
  local seenAt = redis.call('HGET', bucketKey(seenLayout(layoutKey), digest), digest)
  return seenAt ~= false and stillSeen(seenAt, nowMs, window)
end

local function extendTo(key, horizon)
  if redis.call('PEXPIRETIME', key) < horizon then redis.call('PEXPIREAT', key, horizon) end
end

-- Moves the layout's horizon on when short of this batch's need, then extends its next buckets.
local function extendBuckets(layout, nowMs, window)
  -- A key must outlive its newest digest by the window (and the second's slack). Expiries are set
  -- to the next whole hour past that, so the AOF (and its reload) gets one expiry per key an hour.
  local needed = nowMs + window + 1000
  if layout.horizon < needed then
    layout.horizon = (math.floor(needed / 3600000) + 1) * 3600000
    layout.extended = 0
    layout.changed = true
  end
  local last = math.min(layout.extended + SEEN_EXTEND_PER_BATCH, 2 ^ layout.level + layout.split) - 1
  for bucket = layout.extended, last do extendTo(layout.key .. ':' .. bucket, layout.horizon) end
  if last >= layout.extended then
    layout.extended = last + 1
    layout.changed = true
  end
end

local function saveSeenLayouts(nowMs, window)
  for _, layout in pairs(seenLayouts) do
    if layout.changed then extendBuckets(layout, nowMs, window) end
  end
  for key, layout in pairs(seenCreated) do redis.call('PEXPIREAT', key, layout.horizon) end
  -- A bucket below its layout's extended count lives to the horizon already.
  for key, touched in pairs(seenTouched) do
    if not seenCreated[key] and touched[2] >= touched[1].extended then extendTo(key, touched[1].horizon) end
  end
  for key, layout in pairs(seenLayouts) do
    if layout.changed then
      redis.call('HSET', key, 'level', layout.level, 'split', layout.split, 'count', layout.count, 'horizon', layout.horizon, 'extended', layout.extended)
      extendTo(key, layout.horizon)
    end
  end
end`;
