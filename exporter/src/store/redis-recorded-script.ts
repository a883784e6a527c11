/**
 * The Lua script that records one project's values in one atomic step (the rules of
 * memory-recorded.ts): it reads and checks everything first — duplicates, definitions, the
 * project's name and series limits — and writes only when the whole batch passes, so concurrent
 * batches can never take a project past its limits.
 *
 * Values live in the usage totals hash (fields starting with `m`, recorded/model.ts) and each
 * changed series is scored in the usage change feed with the batch's version, as RECORD_USAGE
 * does, so a scrape reads only what changed: a counter or gauge as its field, a histogram as its
 * stem, which READ_USAGE_CHANGES reads as the histogram's count, sum and every bucket (one member
 * per series rather than one per field changed: a histogram value changes three).
 *
 * Built as RECORD_USAGE is (redis-usage-call.ts says why): the batch travels as one JSON argument,
 * each distinct name and series once; ids are kept as digests in the project's seen-id buckets
 * (redis-seen-ids.ts, a layout of their own beside usage's); rate limits may be drawn in the same
 * step.
 *
 * KEYS: totals hash, epoch, version, changes zset, definitions hash, counts hash, the project's
 * recorded seen-id layout, then one counter per rate limit.
 * ARGV: window ms; the batch as JSON, {owner, maxNames, maxSeries, buckets, defs, seriesDefs,
 * seriesStems, seriesTypes, metricSeries, metricValues, metricIds, limits} — owner: the definitions
 * and counts fields' prefix (the counts fields are owner .. 'names' and owner .. 'series');
 * buckets: the histogram bucket parts, +Inf last; defs: [name, definition] each; a series is the
 * same index in its three columns (def number, field stem, type), a metric in its three (series
 * number, value as text, 1 when it has an id else 0), numbers counted from 1 — columns, not a row
 * array each, since cjson makes a Lua table per array (half its decoding time for rows);
 * limits: [limit, expiry ms] each; then the digests of the metrics that have ids, 16 bytes each,
 * in order.
 * Returns {'ok', accepted, duplicate index…} (indexes from 0), {'names'|'series', limit, current,
 * adding}, {'definition', index, stored} or {'refused', limit number, count}.
 */
import { LUA_FINITE, luaScript } from './redis-script';
import { DIGEST_BYTES, LUA_SEEN_IDS } from './redis-seen-ids';
import { LUA_USAGE_EPOCH } from './redis-usage-script';

/** KEYS before the rate-limit counters. */
export const RECORDED_FIXED_KEYS = 7;

/** Fields per HMGET or HSET: unpack() of a longer list may overflow Lua's stack (as ZADD's slices). */
const SLICE = 500;

export const RECORD_METRICS = luaScript(`
${LUA_FINITE}
${LUA_USAGE_EPOCH}
${LUA_SEEN_IDS}
local window = tonumber(ARGV[1])
local ok, batch = pcall(cjson.decode, ARGV[2] or '')
local malformed = 'malformed call: ' .. #KEYS .. ' keys, ' .. #ARGV .. ' arguments'
if not finite(window) or window < 1 or not ok or type(batch) ~= 'table' then return redis.error_reply(malformed) end
local defs, buckets, limits = batch.defs, batch.buckets, batch.limits or {}
local seriesDefs, seriesStems, seriesTypes = batch.seriesDefs, batch.seriesStems, batch.seriesTypes
local metricSeries, metricValues, metricIds = batch.metricSeries, batch.metricValues, batch.metricIds
local maxNames, maxSeries, owner = tonumber(batch.maxNames), tonumber(batch.maxSeries), batch.owner
if type(defs) ~= 'table' or type(buckets) ~= 'table' or type(limits) ~= 'table'
  or type(seriesDefs) ~= 'table' or type(seriesStems) ~= 'table' or type(seriesTypes) ~= 'table' or #seriesStems ~= #seriesDefs or #seriesTypes ~= #seriesDefs
  or type(metricSeries) ~= 'table' or type(metricValues) ~= 'table' or type(metricIds) ~= 'table' or #metricValues ~= #metricSeries or #metricIds ~= #metricSeries
  or not finite(maxNames) or not finite(maxSeries) or type(owner) ~= 'string' or #KEYS ~= ${RECORDED_FIXED_KEYS} + #limits or #ARGV ~= 3 then
  return redis.error_reply(malformed)
end
local digests = ARGV[3]
local withIds = 0
-- Each metric's value as a number, read once.
local metricNumbers = {}
for i = 1, #metricSeries do
  local s = metricSeries[i]
  local def = seriesDefs[s] and defs[seriesDefs[s]]
  local kind = seriesTypes[s]
  metricNumbers[i] = tonumber(metricValues[i])
  if type(def) ~= 'table' or type(seriesStems[s]) ~= 'string' or type(def[1]) ~= 'string' or type(def[2]) ~= 'string'
    or not finite(metricNumbers[i]) or (kind ~= 'counter' and kind ~= 'gauge' and kind ~= 'histogram') then
    return redis.error_reply('metric ' .. i .. ': bad series, type or value')
  end
  if metricIds[i] == 1 then withIds = withIds + 1 end
end
if #digests ~= withIds * ${DIGEST_BYTES} then return redis.error_reply(malformed) end
for j = 1, #limits do
  if type(limits[j]) ~= 'table' or not finite(limits[j][1]) or not finite(limits[j][2]) then return redis.error_reply(malformed .. ', limit ' .. j) end
end

-- The rate limits, drawn as COUNT_REQUEST (redis-rate-limit.ts) draws one, in order; the first
-- one past its limit refuses the batch, and nothing of it is written.
for j = 1, #limits do
  local key = KEYS[${RECORDED_FIXED_KEYS} + j]
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, limits[j][2]) end
  if count > limits[j][1] then return {'refused', j, count} end
end

local function field(stem, part) return stem .. '"' .. part .. '"]' end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)

-- Check everything before the first write. Definitions and series are looked up once each.
local digestOf, duplicate = {}, {}
local defChecked, newDefCount, seriesChecked, newSeriesCount = {}, 0, {}, 0
local reply = {'ok', 0}
local names = tonumber(redis.call('HGET', KEYS[6], owner .. 'names') or '0')
local seriesCount = tonumber(redis.call('HGET', KEYS[6], owner .. 'series') or '0')
local function digestAt(n) return string.sub(digests, n * ${DIGEST_BYTES} + 1, (n + 1) * ${DIGEST_BYTES}) end

-- The usual batch: every definition is stored alike or new, and the batch fits its limits even
-- counting every value as new. Which values are duplicates cannot change that outcome, so
-- seenBefore alone decides them (one call per id, recording it), and the counts then leave out
-- what only duplicates named.
local defState, seriesNew, allNewDefs, allNewSeries = {}, {}, 0, 0
-- Read in slices, one call each rather than one per definition or series: every call from Lua
-- has a fixed cost of its own (arguments, command lookup, reply), larger than a field lookup.
local function readFields(key, count, fieldAt)
  local values = {}
  for first = 1, count, ${SLICE} do
    local fields = {}
    for n = first, math.min(first + ${SLICE} - 1, count) do fields[#fields + 1] = fieldAt(n) end
    local slice = redis.call('HMGET', key, unpack(fields))
    for n = 1, #slice do values[first + n - 1] = slice[n] end
  end
  return values
end
-- A series' primary field (its value, or a histogram's count: what the series limit counts), made
-- once; the usual path reads every one, and their totals then need no second read.
local primaryFields, primaryTotals = {}, nil
local function primaryField(s)
  local f = primaryFields[s]
  if not f then
    f = field(seriesStems[s], seriesTypes[s] == 'histogram' and 'count' or '')
    primaryFields[s] = f
  end
  return f
end
local fast = true
local storedDefs = readFields(KEYS[5], #defs, function(d) return owner .. defs[d][1] end)
for d = 1, #defs do
  local stored = storedDefs[d]
  if not stored then
    defState[d] = 'new'
    allNewDefs = allNewDefs + 1
  elseif stored ~= defs[d][2] then
    fast = false
    break
  end
end
if fast then
  primaryTotals = readFields(KEYS[1], #seriesStems, primaryField)
  for s = 1, #seriesStems do
    if not primaryTotals[s] then
      seriesNew[s] = true
      allNewSeries = allNewSeries + 1
    end
  end
  fast = names + allNewDefs <= maxNames and seriesCount + allNewSeries <= maxSeries
end
if fast then
  local nextDigest = 0
  for i = 1, #metricSeries do
    local seen = false
    if metricIds[i] == 1 then
      seen = seenBefore(KEYS[7], digestAt(nextDigest), nowMs, window)
      nextDigest = nextDigest + 1
    end
    if seen then
      duplicate[i] = true
      reply[#reply + 1] = i - 1
    else
      local s = metricSeries[i]
      local defNumber = seriesDefs[s]
      if defState[defNumber] == 'new' and not defChecked[defNumber] then
        defChecked[defNumber] = 'new'
        newDefCount = newDefCount + 1
      end
      if seriesNew[s] and not seriesChecked[s] then
        seriesChecked[s] = true
        newSeriesCount = newSeriesCount + 1
      end
    end
  end
else
  -- Near a limit or with a definition that differs: the exact check, ids only read (seenWithin),
  -- so that a refused batch keeps none; a duplicate's definition and series are not checked.
  local inBatch = {}
  local nextDigest = 0
  for i = 1, #metricSeries do
    local s = metricSeries[i]
    local digest
    if metricIds[i] == 1 then
      digest = digestAt(nextDigest)
      nextDigest = nextDigest + 1
    end
    if digest and (inBatch[digest] or seenWithin(KEYS[7], digest, nowMs, window)) then
      duplicate[i] = true
      reply[#reply + 1] = i - 1
    else
      if digest then
        inBatch[digest] = true
        digestOf[i] = digest
      end
      local defNumber = seriesDefs[s]
      if not defChecked[defNumber] then
        local def = defs[defNumber]
        local stored = redis.call('HGET', KEYS[5], owner .. def[1])
        if not stored then
          defChecked[defNumber] = 'new'
          newDefCount = newDefCount + 1
        elseif stored ~= def[2] then
          return {'definition', i - 1, stored}
        else
          defChecked[defNumber] = 'stored'
        end
      end
      if not seriesChecked[s] then
        seriesChecked[s] = true
        if redis.call('HEXISTS', KEYS[1], primaryField(s)) == 0 then newSeriesCount = newSeriesCount + 1 end
      end
    end
  end
  if names + newDefCount > maxNames then return {'names', maxNames, names, newDefCount} end
  if seriesCount + newSeriesCount > maxSeries then return {'series', maxSeries, seriesCount, newSeriesCount} end
end

for defNumber, state in pairs(defChecked) do
  if state == 'new' then redis.call('HSET', KEYS[5], owner .. defs[defNumber][1], defs[defNumber][2]) end
end
if newDefCount > 0 then redis.call('HINCRBY', KEYS[6], owner .. 'names', newDefCount) end
if newSeriesCount > 0 then redis.call('HINCRBY', KEYS[6], owner .. 'series', newSeriesCount) end
-- Every series the batch changes takes the batch's version: one ZADD at the end, each member once
-- (a counter's or gauge's field, a histogram's stem).
local changedMembers, changedList = {}, {}
local function changed(member)
  if changedMembers[member] then return end
  changedMembers[member] = true
  changedList[#changedList + 1] = member
end
-- Adds are summed per field first: a batch observing one histogram 100 times writes each of its
-- fields once. A histogram observation counts in its own bucket only (the first bound at or above
-- the value, else +Inf); the exposition makes the buckets cumulative.
local bounds = {}
for b = 1, #buckets do bounds[b] = buckets[b] == 'le:+Inf' and math.huge or tonumber(string.sub(buckets[b], 4)) end
local sums, order = {}, {}
-- A gauge takes the batch's last value for it.
local gauges, gaugeOrder = {}, {}
local function add(f, amount)
  local sum = sums[f]
  if not sum then
    sum = 0
    order[#order + 1] = f
  end
  sums[f] = sum + amount
end
-- A series' fields are made once per batch, not once per value (each concatenation makes a new
-- Lua string as long as the stem): seriesFields[s] is a counter's or gauge's field, or a
-- histogram's {sum, count, {the buckets made so far}}. totalsRead: field → its total as read
-- (false when absent), the primary fields' from the usual path's read.
local seriesFields, totalsRead = {}, {}
local function readPrimary(s, f) if primaryTotals then totalsRead[f] = primaryTotals[s] end end
local accepted = 0
for i = 1, #metricSeries do
  if not duplicate[i] then
    local s = metricSeries[i]
    local stem, kind, text, value = seriesStems[s], seriesTypes[s], metricValues[i], metricNumbers[i]
    -- Ids the exact check only read are recorded now (the usual path recorded them already).
    if digestOf[i] then seenBefore(KEYS[7], digestOf[i], nowMs, window) end
    local fields = seriesFields[s]
    if kind == 'counter' then
      if not fields then
        fields = primaryField(s)
        seriesFields[s] = fields
        readPrimary(s, fields)
        changed(fields)
      end
      add(fields, value)
    elseif kind == 'gauge' then
      if not fields then
        fields = primaryField(s)
        seriesFields[s] = fields
        gaugeOrder[#gaugeOrder + 1] = fields
        changed(fields)
      end
      gauges[fields] = text
    else
      if not fields then
        fields = { field(stem, 'sum'), primaryField(s), {} }
        seriesFields[s] = fields
        readPrimary(s, fields[2])
        changed(stem)
      end
      for b = 1, #bounds do
        if value <= bounds[b] then
          local bucket = fields[3][b]
          if not bucket then
            bucket = field(stem, buckets[b])
            fields[3][b] = bucket
          end
          add(bucket, 1)
          break
        end
      end
      add(fields[1], value)
      add(fields[2], 1)
    end
    accepted = accepted + 1
  end
end
-- Every field a batch adds to is read (unless read above), added to here and written back in
-- slices: two calls for all of them instead of an HINCRBYFLOAT each (the script's dearest call,
-- about 4.6 µs: long double parsing and printing) or HINCRBY, and one write for the AOF and
-- replicas instead of one per field.
-- The sums are doubles, as the memory store's: exact for whole numbers up to 2^53. A total goes to
-- HSET as a Lua number, which Redis writes as text itself (%.17g up to 7.0; 7.2 on writes a whole
-- number as an integer and any other as the shortest text of the same double): either reads
-- back as the same double, and costs no string.format and no Lua string per field. No total can
-- overflow: a value is at most MAX_ABS_VALUE.
local unread = {}
for _, f in ipairs(order) do
  if totalsRead[f] == nil then unread[#unread + 1] = f end
end
local current = readFields(KEYS[1], #unread, function(n) return unread[n] end)
for n, f in ipairs(unread) do totalsRead[f] = current[n] end
local written = {}
for _, f in ipairs(order) do
  local total = (tonumber(totalsRead[f]) or 0) + sums[f]
  written[#written + 1] = f
  written[#written + 1] = total
end
for _, f in ipairs(gaugeOrder) do
  written[#written + 1] = f
  written[#written + 1] = gauges[f]
end
for first = 1, #written, 2 * ${SLICE} do
  redis.call('HSET', KEYS[1], unpack(written, first, math.min(first + 2 * ${SLICE} - 1, #written)))
end
if #changedList > 0 then
  usageEpoch(KEYS[2], KEYS[3])
  -- The score as text, made once: Redis would print a Lua number again for every member.
  local version = string.format('%d', redis.call('INCR', KEYS[3]))
  -- ZADD in slices: unpack() of a long list overflows Lua's stack.
  for first = 1, #changedList, 500 do
    local members = {}
    for i = first, math.min(first + 499, #changedList) do
      members[#members + 1] = version
      members[#members + 1] = changedList[i]
    end
    redis.call('ZADD', KEYS[4], unpack(members))
  end
end
saveSeenLayouts(nowMs, window)
reply[2] = accepted
return reply
`);
