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
 * Built as RECORD_USAGE is (redis-usage-call.ts says why): the batch travels as JSON, each
 * distinct name and series once; ids are kept as digests in the project's seen-id buckets
 * (redis-seen-ids.ts, a layout of their own beside usage's); rate limits may be drawn in the same
 * step. The usual batch — no definition changed, within its limits, no duplicate — writes the
 * changes the exporter summed per field as they are (one HMGET and one HSET of every field, one
 * ZADD), never decoding or walking its values: the per-value work in Lua was most of what a
 * recorded value cost Redis beyond a usage event (bench/README.md, "Recorded metrics").
 *
 * KEYS: totals hash, epoch, version, changes zset, definitions hash, counts hash, the project's
 * recorded seen-id layout, then one counter per rate limit.
 * ARGV: window ms; the batch as JSON, {owner, maxNames, maxSeries, defs, seriesDefs, seriesTypes,
 * fields, amounts, values, limits} — owner: the definitions and counts fields' prefix (the counts
 * fields are owner .. 'names' and owner .. 'series'); defs: [name, definition] each; a series is
 * the same index in its two columns (def number, type), numbers counted from 1; fields and
 * amounts: the batch's changes were no value a duplicate, summed by the exporter in the batch's
 * order — each series' primary field first (fields[s]), then the histograms' sums and buckets;
 * an amount is a number to add, or a gauge's last value as text to set; values: how many values;
 * limits: [limit, expiry ms] each. Then the digests of the values that have ids, 16 bytes each,
 * in order. Then each value as JSON, read only when the batch takes the exact check or has a
 * duplicate: {metricSeries, metricValues, metricIds} — a value's series number, value as text, 1
 * when it has an id else 0 — columns, not a row array each, since cjson makes a Lua table per
 * array (half its decoding time for rows). A histogram's stem is its count field without the part.
 * Returns {'ok', accepted, duplicate index…} (indexes from 0), {'names'|'series', limit, current,
 * adding}, {'definition', index, stored} or {'refused', limit number, count}.
 */
import { BUCKET_PARTS, INF_PART } from '../recorded/model';
import { LUA_FINITE, luaScript } from './redis-script';
import { DIGEST_BYTES, LUA_SEEN_IDS } from './redis-seen-ids';
import { LUA_SCORE_CHANGES, LUA_USAGE_EPOCH } from './redis-usage-script';

/** KEYS before the rate-limit counters. */
export const RECORDED_FIXED_KEYS = 7;

/** Fields per HMGET or HSET: unpack() of a longer list may overflow Lua's stack (as ZADD's slices). */
const SLICE = 500;

export const RECORD_METRICS = luaScript(`
${LUA_FINITE}
${LUA_USAGE_EPOCH}
${LUA_SCORE_CHANGES}
${LUA_SEEN_IDS}
local window = tonumber(ARGV[1])
local ok, batch = pcall(cjson.decode, ARGV[2] or '')
local malformed = 'malformed call: ' .. #KEYS .. ' keys, ' .. #ARGV .. ' arguments'
if not finite(window) or window < 1 or not ok or type(batch) ~= 'table' then return redis.error_reply(malformed) end
local defs, limits = batch.defs, batch.limits or {}
local seriesDefs, seriesTypes, fields, amounts = batch.seriesDefs, batch.seriesTypes, batch.fields, batch.amounts
local maxNames, maxSeries, owner, valueCount = tonumber(batch.maxNames), tonumber(batch.maxSeries), batch.owner, tonumber(batch.values)
if type(defs) ~= 'table' or type(limits) ~= 'table' or type(seriesDefs) ~= 'table' or type(seriesTypes) ~= 'table' or #seriesTypes ~= #seriesDefs
  or type(fields) ~= 'table' or type(amounts) ~= 'table' or #amounts ~= #fields or #fields < #seriesDefs
  or not finite(maxNames) or not finite(maxSeries) or not finite(valueCount) or type(owner) ~= 'string'
  or #KEYS ~= ${RECORDED_FIXED_KEYS} + #limits or #ARGV ~= 4 then
  return redis.error_reply(malformed)
end
local digests = ARGV[3]
if #digests % ${DIGEST_BYTES} ~= 0 then return redis.error_reply(malformed) end
for d = 1, #defs do
  if type(defs[d]) ~= 'table' or type(defs[d][1]) ~= 'string' or type(defs[d][2]) ~= 'string' then return redis.error_reply(malformed .. ', definition ' .. d) end
end
for s = 1, #seriesDefs do
  local kind = seriesTypes[s]
  if not defs[seriesDefs[s]] or (kind ~= 'counter' and kind ~= 'gauge' and kind ~= 'histogram') then return redis.error_reply(malformed .. ', series ' .. s) end
end
-- The batch's changes were no value a duplicate (redis-recorded-call.ts): each series' primary
-- field first, then the histograms' sums and buckets; a gauge's amount is its value's text.
local amountNumbers = {}
for f = 1, #fields do
  amountNumbers[f] = tonumber(amounts[f])
  if type(fields[f]) ~= 'string' or not finite(amountNumbers[f]) then return redis.error_reply(malformed .. ', field ' .. f) end
end
for j = 1, #limits do
  if type(limits[j]) ~= 'table' or not finite(limits[j][1]) or not finite(limits[j][2]) then return redis.error_reply(malformed .. ', limit ' .. j) end
end

-- Each value's series, value and whether it has an id (ARGV[4]), decoded only when needed: when
-- the batch takes the exact check, or a value turns out a duplicate. The usual batch never
-- decodes or walks them: its changes above are all it writes.
local metricSeries, metricValues, metricIds
local metricNumbers = {}
local function decodeValues()
  local decoded, values = pcall(cjson.decode, ARGV[4])
  if not decoded or type(values) ~= 'table' then return false end
  metricSeries, metricValues, metricIds = values.metricSeries, values.metricValues, values.metricIds
  if type(metricSeries) ~= 'table' or type(metricValues) ~= 'table' or type(metricIds) ~= 'table'
    or #metricSeries ~= valueCount or #metricValues ~= valueCount or #metricIds ~= valueCount then
    return false
  end
  local withIds = 0
  for i = 1, valueCount do
    local s = metricSeries[i]
    metricNumbers[i] = tonumber(metricValues[i])
    if not seriesDefs[s] or not finite(metricNumbers[i]) then return false end
    if metricIds[i] == 1 then withIds = withIds + 1 end
  end
  return #digests == withIds * ${DIGEST_BYTES}
end

local function field(stem, part) return stem .. '"' .. part .. '"]' end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)

-- Check everything before the first write. Definitions and series are looked up once each.
local digestOf, duplicate = {}, {}
local defChecked, newDefCount, seriesChecked, newSeriesCount = {}, 0, {}, 0
local reply = {'ok', 0}
local counts = redis.call('HMGET', KEYS[6], owner .. 'names', owner .. 'series')
local names, seriesCount = tonumber(counts[1] or '0'), tonumber(counts[2] or '0')
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
    local slice = {}
    for n = first, math.min(first + ${SLICE} - 1, count) do slice[#slice + 1] = fieldAt(n) end
    local read = redis.call('HMGET', key, unpack(slice))
    for n = 1, #read do values[first + n - 1] = read[n] end
  end
  return values
end
-- A series' primary field (its value, or a histogram's count: what the series limit counts) is
-- fields[s]. totalsRead: field → its total as read (false when absent); the usual path reads
-- every field of the batch's changes at once.
local totalsRead = {}
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
local current
if fast then
  current = readFields(KEYS[1], #fields, function(f) return fields[f] end)
  for s = 1, #seriesDefs do
    if not current[s] then
      seriesNew[s] = true
      allNewSeries = allNewSeries + 1
    end
  end
  fast = names + allNewDefs <= maxNames and seriesCount + allNewSeries <= maxSeries
end
-- A malformed call is refused here, before anything is drawn or written, on the exact check's
-- path; on the usual path the values are decoded only after a duplicate, once ids are recorded
-- (the exporter builds both parts of the call from the same metrics).
if not fast and not decodeValues() then return redis.error_reply(malformed .. ', values') end

-- The rate limits, drawn as COUNT_REQUEST (redis-rate-limit.ts) draws one, in order; the first
-- one past its limit refuses the batch, and nothing of it is written.
for j = 1, #limits do
  local key = KEYS[${RECORDED_FIXED_KEYS} + j]
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, limits[j][2]) end
  if count > limits[j][1] then return {'refused', j, count} end
end

if fast then
  local duplicateDigests = {}
  for n = 0, #digests / ${DIGEST_BYTES} - 1 do
    if seenBefore(KEYS[7], digestAt(n), nowMs, window) then duplicateDigests[#duplicateDigests + 1] = n end
  end
  if #duplicateDigests == 0 then
    -- Nothing a duplicate: the batch's changes as the exporter summed them are what it writes.
    for s = 1, #seriesDefs do
      if defState[seriesDefs[s]] == 'new' and not defChecked[seriesDefs[s]] then
        defChecked[seriesDefs[s]] = 'new'
        newDefCount = newDefCount + 1
      end
    end
    newSeriesCount = allNewSeries
  else
    if not decodeValues() then return redis.error_reply(malformed .. ', values') end
    for f = 1, #fields do totalsRead[fields[f]] = current[f] end
    local nextDigest, nextDuplicate = 0, 1
    for i = 1, valueCount do
      if metricIds[i] == 1 then
        if duplicateDigests[nextDuplicate] == nextDigest then
          duplicate[i] = true
          reply[#reply + 1] = i - 1
          nextDuplicate = nextDuplicate + 1
        end
        nextDigest = nextDigest + 1
      end
      if not duplicate[i] then
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
  end
else
  -- Near a limit or with a definition that differs: the exact check, ids only read (seenWithin),
  -- so that a refused batch keeps none; a duplicate's definition and series are not checked.
  local inBatch = {}
  local nextDigest = 0
  for i = 1, valueCount do
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
        if redis.call('HEXISTS', KEYS[1], fields[s]) == 0 then newSeriesCount = newSeriesCount + 1 end
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

-- The totals are doubles, as the memory store's: exact for whole numbers up to 2^53. A total goes
-- to HSET as a Lua number, which Redis writes as text itself (%.17g up to 7.0; 7.2 on writes a
-- whole number as an integer and any other as the shortest text of the same double): either
-- reads back as the same double, and costs no string.format and no Lua string per field. No total
-- can overflow: a value is at most MAX_ABS_VALUE. One HSET (in slices) for every field instead of
-- an HINCRBYFLOAT each (the dearest call: long double parsing and printing), and one write for
-- the AOF and replicas.
local written, members = {}, {}
local function writeAll()
  for first = 1, #written, 2 * ${SLICE} do
    redis.call('HSET', KEYS[1], unpack(written, first, math.min(first + 2 * ${SLICE} - 1, #written)))
  end
end
-- Every series the batch changes takes the batch's version: one ZADD at the end, each member once
-- (a counter's or gauge's field, a histogram's stem: its count field without the part).
local COUNT_PART_LENGTH = ${JSON.stringify('count').length + 1}
local function memberOf(s, primary)
  if seriesTypes[s] == 'histogram' then return string.sub(primary, 1, -COUNT_PART_LENGTH - 1) end
  return primary
end

local accepted = 0
if fast and next(duplicate) == nil then
  -- The usual batch: each field once, as the exporter summed the batch's values for it.
  for f = 1, #fields do
    written[#written + 1] = fields[f]
    if f <= #seriesDefs and seriesTypes[f] == 'gauge' then
      written[#written + 1] = amounts[f]
    else
      written[#written + 1] = (tonumber(current[f]) or 0) + amountNumbers[f]
    end
  end
  for s = 1, #seriesDefs do members[s] = memberOf(s, fields[s]) end
  accepted = valueCount
else
  -- Adds are summed per field first: a batch observing one histogram 100 times writes each of its
  -- fields once, in the order of the batch (as the exporter sums them). A histogram observation
  -- counts in its own bucket only (the first bound at or above the value, else +Inf); the
  -- exposition makes the buckets cumulative.
  local buckets = { ${BUCKET_PARTS.map((part) => JSON.stringify(part)).join(', ')} }
  local bounds = {}
  for b = 1, #buckets do bounds[b] = buckets[b] == '${INF_PART}' and math.huge or tonumber(string.sub(buckets[b], 4)) end
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
  -- A series' fields are made once per batch, not once per value: seriesFields[s] is a counter's
  -- or gauge's field, or a histogram's {sum, count, {the buckets made so far}, stem}.
  local seriesFields = {}
  for i = 1, valueCount do
    if not duplicate[i] then
      local s = metricSeries[i]
      local kind, text, value = seriesTypes[s], metricValues[i], metricNumbers[i]
      -- Ids the exact check only read are recorded now (the usual path recorded them already).
      if digestOf[i] then seenBefore(KEYS[7], digestOf[i], nowMs, window) end
      local sf = seriesFields[s]
      if not sf then
        local member = memberOf(s, fields[s])
        if kind == 'histogram' then sf = { field(member, 'sum'), fields[s], {}, member } else sf = fields[s] end
        seriesFields[s] = sf
        members[#members + 1] = member
        if kind == 'gauge' then gaugeOrder[#gaugeOrder + 1] = sf end
      end
      if kind == 'counter' then
        add(sf, value)
      elseif kind == 'gauge' then
        gauges[sf] = text
      else
        for b = 1, #bounds do
          if value <= bounds[b] then
            local bucket = sf[3][b]
            if not bucket then
              bucket = field(sf[4], buckets[b])
              sf[3][b] = bucket
            end
            add(bucket, 1)
            break
          end
        end
        add(sf[1], value)
        add(sf[2], 1)
      end
      accepted = accepted + 1
    end
  end
  -- Every field added to is read (unless read above), added to here and written back.
  local unread = {}
  for _, f in ipairs(order) do
    if totalsRead[f] == nil then unread[#unread + 1] = f end
  end
  local read = readFields(KEYS[1], #unread, function(n) return unread[n] end)
  for n, f in ipairs(unread) do totalsRead[f] = read[n] end
  for _, f in ipairs(order) do
    written[#written + 1] = f
    written[#written + 1] = (tonumber(totalsRead[f]) or 0) + sums[f]
  end
  for _, f in ipairs(gaugeOrder) do
    written[#written + 1] = f
    written[#written + 1] = gauges[f]
  end
end
writeAll()
scoreChanges(KEYS[2], KEYS[3], KEYS[4], members)
saveSeenLayouts(nowMs, window)
reply[2] = accepted
return reply
`);
