/**
 * The Lua script that records one project's values in one atomic step (the rules of
 * memory-recorded.ts): it reads and checks everything first — duplicates, definitions, the
 * project's name and series limits — and writes only when the whole batch passes, so concurrent
 * batches can never take a project past its limits.
 *
 * Values live in the usage totals hash (fields starting with `m`, recorded/model.ts) and each
 * changed field is scored in the usage change feed with the batch's version, exactly as
 * RECORD_USAGE does, so a scrape reads only what changed.
 *
 * KEYS: totals hash, epoch, version, changes zset, definitions hash, counts hash, then one
 * seen-key per metric. ARGV: window ms, max names, max series, definitions field prefix, counts
 * field for names, counts field for series, bucket parts (comma-separated, +Inf last), then per
 * metric: id ('' for none), name, definition, field stem, type, value.
 * Returns {'ok', accepted, duplicate index…}, {'names'|'series', limit, current, adding} or
 * {'definition', index, stored}.
 */
import { LUA_FINITE, luaScript } from './redis-script';
import { LUA_USAGE_EPOCH } from './redis-usage-script';

export const RECORDED_ARGS_BEFORE = 7;
export const RECORDED_FIELDS_PER_METRIC = 6;
export const RECORDED_KEYS_BEFORE = 6;

export const RECORD_METRICS = luaScript(`
${LUA_FINITE}
${LUA_USAGE_EPOCH}
local FIELDS = ${RECORDED_FIELDS_PER_METRIC}
local FIRST = ${RECORDED_ARGS_BEFORE}
local window, maxNames, maxSeries = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local defPrefix, namesField, seriesField = ARGV[4], ARGV[5], ARGV[6]
local bounds = {}
for part in string.gmatch(ARGV[7], '[^,]+') do bounds[#bounds + 1] = part end
local n = (#ARGV - FIRST) / FIELDS
if n ~= math.floor(n) or #KEYS ~= ${RECORDED_KEYS_BEFORE} + n or not finite(window) or window < 1 then
  return redis.error_reply('malformed call: ' .. #KEYS .. ' keys, ' .. #ARGV .. ' arguments')
end
local function field(stem, part) return stem .. '"' .. part .. '"]' end

-- Check everything before the first write.
local duplicate, inBatch, newDefs, newDefCount, newSeries, newSeriesCount = {}, {}, {}, 0, {}, 0
local reply = {'ok', 0}
for i = 1, n do
  local at = FIRST + (i - 1) * FIELDS
  local id, name, def, stem, type, value = ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5], tonumber(ARGV[at + 6])
  if not finite(value) or (type ~= 'counter' and type ~= 'gauge' and type ~= 'histogram') then
    return redis.error_reply('metric ' .. i .. ': bad type or value')
  end
  if id ~= '' and (inBatch[id] or redis.call('EXISTS', KEYS[${RECORDED_KEYS_BEFORE} + i]) == 1) then
    duplicate[i] = true
    reply[#reply + 1] = i - 1
  else
    if id ~= '' then inBatch[id] = true end
    local stored = newDefs[name] or redis.call('HGET', KEYS[5], defPrefix .. name)
    if not stored then
      newDefs[name] = def
      newDefCount = newDefCount + 1
    elseif stored ~= def then
      return {'definition', i - 1, stored}
    end
    local primary = field(stem, type == 'histogram' and 'count' or '')
    if not newSeries[primary] and redis.call('HEXISTS', KEYS[1], primary) == 0 then
      newSeries[primary] = true
      newSeriesCount = newSeriesCount + 1
    end
  end
end
local names = tonumber(redis.call('HGET', KEYS[6], namesField) or '0')
if names + newDefCount > maxNames then return {'names', maxNames, names, newDefCount} end
local series = tonumber(redis.call('HGET', KEYS[6], seriesField) or '0')
if series + newSeriesCount > maxSeries then return {'series', maxSeries, series, newSeriesCount} end

for name, def in pairs(newDefs) do redis.call('HSET', KEYS[5], defPrefix .. name, def) end
if newDefCount > 0 then redis.call('HINCRBY', KEYS[6], namesField, newDefCount) end
if newSeriesCount > 0 then redis.call('HINCRBY', KEYS[6], seriesField, newSeriesCount) end
local version
local function changed(f)
  if not version then
    usageEpoch(KEYS[2], KEYS[3])
    version = redis.call('INCR', KEYS[3])
  end
  redis.call('ZADD', KEYS[4], version, f)
end
-- Adds are summed per field first: a batch observing one histogram 100 times writes each of its
-- fields once. A histogram observation counts in its own bucket only (the first bound at or above
-- the value, else +Inf); the exposition makes the buckets cumulative.
local sums, order = {}, {}
local function add(f, amount)
  if not sums[f] then
    sums[f] = 0
    order[#order + 1] = f
  end
  sums[f] = sums[f] + amount
end
local accepted = 0
for i = 1, n do
  if not duplicate[i] then
    local at = FIRST + (i - 1) * FIELDS
    local id, stem, type, value = ARGV[at + 1], ARGV[at + 4], ARGV[at + 5], tonumber(ARGV[at + 6])
    if id ~= '' then redis.call('SET', KEYS[${RECORDED_KEYS_BEFORE} + i], '1', 'PX', window) end
    if type == 'counter' then add(field(stem, ''), value)
    elseif type == 'gauge' then
      redis.call('HSET', KEYS[1], field(stem, ''), ARGV[at + 6])
      changed(field(stem, ''))
    else
      for b = 1, #bounds do
        local bound = string.sub(bounds[b], 4)
        if bound == '+Inf' or value <= tonumber(bound) then
          add(field(stem, bounds[b]), 1)
          break
        end
      end
      add(field(stem, 'sum'), value)
      add(field(stem, 'count'), 1)
    end
    accepted = accepted + 1
  end
end
for _, f in ipairs(order) do
  redis.call('HINCRBYFLOAT', KEYS[1], f, string.format('%.17g', sums[f]))
  changed(f)
end
reply[2] = accepted
return reply
`);
