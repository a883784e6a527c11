/**
 * The Lua script that records a usage batch in one atomic step. It checks every argument before
 * its first write — Redis does not roll a script back when it fails halfway — so a batch is
 * stored entirely or not at all.
 *
 * KEYS: totals hash, level-times hash, event-counts hash, then one seen-key per event.
 * ARGV: window ms, then per event: id, project, region, type, value, timestamp ms, series field.
 * Returns one flag per event: 1 counted, 0 duplicate.
 *
 * Single Redis only, not Cluster: the seen-keys of one batch hash to many slots, and Cluster
 * refuses a script whose keys span slots.
 */
import { GAUGE_USAGE_TYPES, USAGE_TYPES } from '../usage/types';
import { LUA_FINITE, luaScript } from './redis-script';

export const FIELDS_PER_EVENT = 7;
export const KEYS_BEFORE_EVENTS = 3;

// Built from the TypeScript constants, so adding a usage type needs no change here.
const LUA_KINDS = USAGE_TYPES.map((type) => `[${JSON.stringify(type)}] = '${GAUGE_USAGE_TYPES.has(type) ? 'level' : 'total'}'`).join(', ');

export const RECORD_USAGE = luaScript(`
${LUA_FINITE}
local KINDS = { ${LUA_KINDS} }
local FIELDS = ${FIELDS_PER_EVENT}
local FIRST_SEEN_KEY = ${KEYS_BEFORE_EVENTS + 1}

local window = tonumber(ARGV[1])
if not finite(window) or window < 1 or window ~= math.floor(window) then
  return redis.error_reply('idempotency window must be a whole number of milliseconds >= 1 (got ' .. ARGV[1] .. ')')
end
local n = (#ARGV - 1) / FIELDS
if n ~= math.floor(n) or #KEYS ~= FIRST_SEEN_KEY - 1 + n then
  return redis.error_reply('malformed call: ' .. #KEYS .. ' keys, ' .. #ARGV .. ' arguments')
end

for i = 1, n do
  local at = 1 + (i - 1) * FIELDS
  local id, project, region, type = ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4]
  local value, timestamp = tonumber(ARGV[at + 5]), tonumber(ARGV[at + 6])
  local problem
  if id == '' then problem = 'id must be a non-empty string'
  elseif project == '' then problem = 'project must be a non-empty string'
  elseif region == '' then problem = 'region must be a non-empty string'
  elseif not KINDS[type] then problem = 'unknown usage type "' .. type .. '"'
  elseif not finite(value) or value < 0 then problem = 'value must be a finite number >= 0 (got ' .. ARGV[at + 5] .. ')'
  elseif not finite(timestamp) then problem = 'timestamp must be a finite number (got ' .. ARGV[at + 6] .. ')'
  end
  if problem then return redis.error_reply('event ' .. i .. ' (id "' .. id .. '"): ' .. problem) end
end

local flags, accepted, duplicate = {}, 0, 0
for i = 1, n do
  local at = 1 + (i - 1) * FIELDS
  -- SET NX also catches a repeat within this batch: its first occurrence has just set the key.
  if redis.call('SET', KEYS[FIRST_SEEN_KEY - 1 + i], '1', 'NX', 'PX', window) then
    local value, timestamp, field = ARGV[at + 5], ARGV[at + 6], ARGV[at + 7]
    if KINDS[ARGV[at + 4]] == 'level' then
      local keptAt = redis.call('HGET', KEYS[2], field)
      if not keptAt or tonumber(keptAt) <= tonumber(timestamp) then
        redis.call('HSET', KEYS[1], field, value)
        redis.call('HSET', KEYS[2], field, timestamp)
      end
    else
      redis.call('HINCRBYFLOAT', KEYS[1], field, value)
    end
    flags[i], accepted = 1, accepted + 1
  else
    flags[i], duplicate = 0, duplicate + 1
  end
end
if accepted > 0 then redis.call('HINCRBY', KEYS[3], 'accepted', accepted) end
if duplicate > 0 then redis.call('HINCRBY', KEYS[3], 'duplicate', duplicate) end
return flags
`);

/** Admits a project when it is already in, or when fewer than the maximum are. Returns 1 or 0. */
export const ADMIT_PROJECT = luaScript(`
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('SADD', KEYS[1], ARGV[1])
  return 1
end
return 0
`);
