/**
 * The Lua script that records a usage batch in one atomic step. It checks every argument before
 * its first write — Redis does not roll a script back when it fails halfway — so a batch is
 * stored entirely or not at all.
 *
 * KEYS: totals hash, level-times hash, event-counts hash, epoch, version, changes zset, then per
 * (project, minute) of the batch its project's seen-id layout (redis-seen-ids.ts) and its
 * recent-minute hash.
 * ARGV: window ms; the batch as JSON, {series, minutes, events} — series: [project, region, type,
 * series field, recent field, recent level-time field] each; minutes: when each expires (ms),
 * the m-th one's keys being the m-th pair of KEYS after the six; events: [id, series number,
 * minute number, value, timestamp ms] each, numbers counted from 1; then the events' 16-byte id
 * digests, one after another. Each distinct string is sent once (redis-usage-call.ts says why);
 * numbers travel as text, as the caller wrote them, so nothing is rounded on the way.
 * The JSON may also hold `limits`, [limit, expiry ms] each, whose counters are the last KEYS:
 * rate limits drawn before the batch is written (redis-usage.ts: when their counters share the shard's slot).
 * Returns one flag per event: 1 counted, 0 duplicate; or {'refused', limit number, count} when a
 * rate limit refused the batch.
 *
 * A counted event is also added to its project's minute (recent-usage.ts), which expires an hour
 * after the minute ends (by the Redis clock); a minute already past that is not written.
 *
 * The change feed is written in the same step: a batch that changes any total takes the next
 * version, and each total it changed is (re)scored with it in the changes zset — one member per
 * series, so the feed never needs trimming. READ_USAGE_CHANGES reads it.
 *
 * Work per batch, not per event, where the result is the same (bench/README.md, "Where the time
 * goes"): one ZADD for the batch's changed series, one HINCRBYFLOAT per series for its
 * whole-number increments.
 *
 * The seen-id buckets are not among KEYS (the script chooses them from the layout); their names
 * extend the layout key's, so on a cluster they carry the same (shard) hash tag and live in its
 * slot (redis-cluster-keys.ts).
 */
import { HISTOGRAM_PARTS } from '../recorded/model';
import { GAUGE_USAGE_TYPES, USAGE_TYPES } from '../usage/types';
import { LUA_FINITE, luaScript } from './redis-script';
import { DIGEST_BYTES, LUA_SEEN_IDS } from './redis-seen-ids';

const KEYS_BEFORE_EVENTS = 6;

// Built from the TypeScript constants, so adding a usage type needs no change here.
const LUA_KINDS = USAGE_TYPES.map((type) => `[${JSON.stringify(type)}] = '${GAUGE_USAGE_TYPES.has(type) ? 'level' : 'total'}'`).join(', ');

/**
 * Lua: the totals' epoch, made anew (from the server clock) when it or the version counter is
 * missing — after a flush, or a restart that kept no data — so no reader takes the new totals
 * for a continuation of the old ones.
 */
export const LUA_USAGE_EPOCH = `
local function usageEpoch(epochKey, versionKey)
  local epoch = redis.call('GET', epochKey)
  if epoch and redis.call('EXISTS', versionKey) == 1 then return epoch end
  local now = redis.call('TIME')
  epoch = now[1] .. '.' .. now[2]
  redis.call('SET', epochKey, epoch)
  redis.call('SET', versionKey, 0)
  return epoch
end`;

/**
 * Lua: scores every member (a changed total's field, or a recorded histogram's stem) with a new
 * version in the changes zset, the epoch made first where it is missing; nothing for no member.
 * Follows LUA_USAGE_EPOCH in a script. One fragment for both writers of the feed, so they cannot
 * drift apart in how a version is taken.
 */
export const LUA_SCORE_CHANGES = `
local function scoreChanges(epochKey, versionKey, changesKey, members)
  if #members == 0 then return end
  usageEpoch(epochKey, versionKey)
  -- The score as text, made once: Redis would print a Lua number again for every member.
  local version = string.format('%d', redis.call('INCR', versionKey))
  -- ZADD in slices: unpack() of a long list overflows Lua's stack.
  for first = 1, #members, 500 do
    local scored = {}
    for i = first, math.min(first + 499, #members) do
      scored[#scored + 1] = version
      scored[#scored + 1] = members[i]
    end
    redis.call('ZADD', changesKey, unpack(scored))
  end
end`;

export const RECORD_USAGE = luaScript(`
${LUA_FINITE}
local KINDS = { ${LUA_KINDS} }
local FIRST_EVENT_KEY = ${KEYS_BEFORE_EVENTS + 1}
${LUA_USAGE_EPOCH}
${LUA_SCORE_CHANGES}
${LUA_SEEN_IDS}

local window = tonumber(ARGV[1])
if not finite(window) or window < 1 or window ~= math.floor(window) then
  return redis.error_reply('idempotency window must be a whole number of milliseconds >= 1 (got ' .. ARGV[1] .. ')')
end
local ok, batch = pcall(cjson.decode, ARGV[2] or '')
local malformed = 'malformed call: ' .. #KEYS .. ' keys, ' .. #ARGV .. ' arguments'
if not ok or type(batch) ~= 'table' or type(batch.series) ~= 'table' or type(batch.minutes) ~= 'table' or type(batch.events) ~= 'table' then return redis.error_reply(malformed) end
local series, minutes, events, limits = batch.series, batch.minutes, batch.events, batch.limits or {}
local n = #events
local FIRST_LIMIT_KEY = FIRST_EVENT_KEY + #minutes * 2
if #KEYS ~= FIRST_LIMIT_KEY - 1 + #limits or #ARGV ~= 3 or #ARGV[3] ~= n * ${DIGEST_BYTES} then return redis.error_reply(malformed) end
for j = 1, #limits do
  if type(limits[j]) ~= 'table' or not finite(limits[j][1]) or not finite(limits[j][2]) then return redis.error_reply(malformed .. ', limit ' .. j) end
end
for i = 1, n do
  local event = events[i]
  if type(event) ~= 'table' or not series[event[2]] or not minutes[event[3]] then return redis.error_reply(malformed .. ', event ' .. i) end
end

for i = 1, n do
  local event = events[i]
  local id, expiresText = event[1], minutes[event[3]]
  local project, region, usageType = unpack(series[event[2]], 1, 3)
  local value, timestamp, expires = tonumber(event[4]), tonumber(event[5]), tonumber(expiresText)
  local problem
  if id == '' then problem = 'id must be a non-empty string'
  elseif project == '' then problem = 'project must be a non-empty string'
  elseif region == '' then problem = 'region must be a non-empty string'
  elseif not KINDS[usageType] then problem = 'unknown usage type "' .. usageType .. '"'
  elseif not finite(value) or value < 0 then problem = 'value must be a finite number >= 0 (got ' .. event[4] .. ')'
  elseif not finite(timestamp) then problem = 'timestamp must be a finite number (got ' .. event[5] .. ')'
  elseif not finite(expires) then problem = 'minute expiry must be a finite number (got ' .. expiresText .. ')'
  end
  if problem then return redis.error_reply('event ' .. i .. ' (id "' .. id .. '"): ' .. problem) end
end

-- The rate limits, drawn as COUNT_REQUEST (redis-rate-limit.ts) draws one, in order; the first
-- one past its limit refuses the batch, and nothing of it is written.
for j = 1, #limits do
  local key = KEYS[FIRST_LIMIT_KEY + j - 1]
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, limits[j][2]) end
  if count > limits[j][1] then return {'refused', j, count} end
end

local flags, accepted, duplicate = {}, 0, 0
-- Every total the batch changes takes the batch's version: one ZADD at the end, each field once.
local changedFields, changedList = {}, {}
local function changed(field)
  if changedFields[field] then return end
  changedFields[field] = true
  changedList[#changedList + 1] = field
end
-- Whole-number increments of one hash field are summed here and added once (HINCRBYFLOAT is
-- the script's dearest call): a sum of whole numbers below 2^53 is exact, so the total is the
-- one the increments make one by one. A fractional increment first adds what is pending for
-- its field, so the order of additions to a field is kept.
local SUM_LIMIT = 2 ^ 53
local pendingSums, pendingList = {}, {}
local function addPending(pending)
  if pending.sum > 0 then redis.call('HINCRBYFLOAT', pending.key, pending.field, string.format('%.0f', pending.sum)) end
  pending.sum = 0
end
local function increment(key, field, text)
  local byField = pendingSums[key]
  if not byField then
    byField = {}
    pendingSums[key] = byField
  end
  local pending = byField[field]
  if not pending then
    pending = { key = key, field = field, sum = 0 }
    byField[field] = pending
    pendingList[#pendingList + 1] = pending
  end
  local value = tonumber(text)
  if value ~= math.floor(value) then
    addPending(pending)
    redis.call('HINCRBYFLOAT', key, field, text)
  else
    if pending.sum + value > SUM_LIMIT then addPending(pending) end
    pending.sum = pending.sum + value
  end
end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
-- Each minute's hash gets its expiry once per batch, however many events it takes, at the end
-- (once its pending sums are written: PEXPIREAT on a key not yet made does nothing).
local expiring = {}
local function addRecent(key, level, field, timeField, value, timestamp, expires)
  if tonumber(expires) <= nowMs then return end
  if level then
    local keptAt = redis.call('HGET', key, timeField)
    if keptAt and tonumber(keptAt) > tonumber(timestamp) then return end
    redis.call('HSET', key, field, value, timeField, timestamp)
  else
    increment(key, field, value)
  end
  expiring[key] = expires
end
for i = 1, n do
  local event = events[i]
  local row = series[event[2]]
  local seenKey = FIRST_EVENT_KEY + (event[3] - 1) * 2
  local digest = string.sub(ARGV[3], (i - 1) * ${DIGEST_BYTES} + 1, i * ${DIGEST_BYTES})
  -- This also catches a repeat within this batch: its first occurrence has just been recorded.
  if not seenBefore(KEYS[seenKey], digest, nowMs, window) then
    local value, timestamp, field = event[4], event[5], row[4]
    local level = KINDS[row[3]] == 'level'
    if level then
      local keptAt = redis.call('HGET', KEYS[2], field)
      if not keptAt or tonumber(keptAt) <= tonumber(timestamp) then
        redis.call('HSET', KEYS[1], field, value)
        redis.call('HSET', KEYS[2], field, timestamp)
        changed(field)
      end
    else
      increment(KEYS[1], field, value)
      changed(field)
    end
    addRecent(KEYS[seenKey + 1], level, row[5], row[6], value, timestamp, minutes[event[3]])
    flags[i], accepted = 1, accepted + 1
  else
    flags[i], duplicate = 0, duplicate + 1
  end
end
for _, pending in ipairs(pendingList) do addPending(pending) end
for key, expires in pairs(expiring) do redis.call('PEXPIREAT', key, expires) end
scoreChanges(KEYS[4], KEYS[5], KEYS[6], changedList)
saveSeenLayouts(nowMs, window)
if accepted > 0 then redis.call('HINCRBY', KEYS[3], 'accepted', accepted) end
if duplicate > 0 then redis.call('HINCRBY', KEYS[3], 'duplicate', duplicate) end
return flags
`);

/**
 * Reads the change feed for one replica, atomically with the totals it names.
 * KEYS: totals hash, epoch, version, changes zset. ARGV: the reader's epoch, its version, the most
 * changes worth answering one by one.
 * Returns {epoch, version, 'delta', field, total, field, total …} with the totals changed after
 * the reader's version; or {epoch, version, 'full'} when the reader must read every total (another
 * epoch, a version ahead of the stored one, or more changes than the limit): the caller then
 * scans the totals hash and reads the changes after this version.
 * A member is a total's field, or a recorded histogram's stem (it ends in ',', which no field
 * does: RECORD_METRICS scores one member per histogram): that member stands for the histogram's
 * count, sum and every bucket present. The limit counts the totals a delta may answer, a
 * histogram's member as all ${HISTOGRAM_PARTS.length} of its parts, so no delta reads more fields
 * than the limit.
 */
export const READ_USAGE_CHANGES = luaScript(`
${LUA_USAGE_EPOCH}
local epoch = usageEpoch(KEYS[2], KEYS[3])
local version = tonumber(redis.call('GET', KEYS[3]))
local since = tonumber(ARGV[2])
if epoch ~= ARGV[1] or not since or since > version then return {epoch, version, 'full'} end
local reply = {epoch, version, 'delta'}
if since == version then return reply end
local min = '(' .. ARGV[2]
if redis.call('ZCOUNT', KEYS[4], min, '+inf') > tonumber(ARGV[3]) then return {epoch, version, 'full'} end
local members = redis.call('ZRANGEBYSCORE', KEYS[4], min, '+inf')
local parts = { ${HISTOGRAM_PARTS.map((part) => JSON.stringify(JSON.stringify(part) + ']')).join(', ')} }
local fields = {}
for _, member in ipairs(members) do
  if string.byte(member, -1) == 44 then
    for p = 1, #parts do fields[#fields + 1] = member .. parts[p] end
  else
    fields[#fields + 1] = member
  end
end
if #fields > tonumber(ARGV[3]) then return {epoch, version, 'full'} end
-- HMGET in slices: unpack() of a long list overflows Lua's stack.
for first = 1, #fields, 1000 do
  local last = math.min(first + 999, #fields)
  local values = redis.call('HMGET', KEYS[1], unpack(fields, first, last))
  for i = first, last do
    local value = values[i - first + 1]
    if value then
      reply[#reply + 1] = fields[i]
      reply[#reply + 1] = value
    end
  end
end
return reply
`);

/**
 * Admits projects all or none: those not yet in are added only when the admitted projects stay
 * within the maximum. ARGV: the maximum, then distinct projects. Returns {1, added…} or {0}.
 */
export const ADMIT_PROJECTS = luaScript(`
local added = {}
for i = 2, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then added[#added + 1] = ARGV[i] end
end
if redis.call('SCARD', KEYS[1]) + #added > tonumber(ARGV[1]) then return {0} end
local reply = {1}
for i = 1, #added do
  redis.call('SADD', KEYS[1], added[i])
  reply[#reply + 1] = added[i]
end
return reply
`);
