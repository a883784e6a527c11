/**
 * The alert-history part of the Redis store: a sorted set scored by receive time, trimmed to the
 * retention on every add, and a hash of counts.
 */
import type { AlertNotification, NotificationCount } from '../alerts/types';
import { checkReceivedAt, checkRetention, countField, MAX_NOTIFICATION_COUNTERS, matchesFilter, overflowCountField, parseCountField, sortCounts } from './alert-history-rules';
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { LUA_FINITE, luaScript, runScript } from './redis-script';
import type { AlertHistoryStore } from './types';

/** Members are "{sequence}:{json}": the sequence keeps two identical notifications apart, and
 * orders notifications received in the same millisecond by arrival (members of equal score sort
 * by their bytes). 16 digits: zero-padded so byte order is number order. */
const SEQUENCE_DIGITS = 16;
const PAGE_SIZE = 200;

/**
 * KEYS: history zset, sequence counter, counts hash.
 * ARGV: the cutoff (drop scores below it), then per notification: receivedAtMs, JSON, count
 * field, and the field it counts under once the hash holds MAX_NOTIFICATION_COUNTERS fields.
 */
const ADD_NOTIFICATIONS = luaScript(`
${LUA_FINITE}
local cutoff = tonumber(ARGV[1])
if not finite(cutoff) then return redis.error_reply('cutoff must be a finite number (got ' .. ARGV[1] .. ')') end
for i = 2, #ARGV, 4 do
  if not finite(tonumber(ARGV[i])) then return redis.error_reply('receivedAtMs must be a finite number (got ' .. ARGV[i] .. ')') end
end
for i = 2, #ARGV, 4 do
  local sequence = redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[1], ARGV[i], string.format('%0${SEQUENCE_DIGITS}d', sequence) .. ':' .. ARGV[i + 1])
  local field = ARGV[i + 2]
  if redis.call('HEXISTS', KEYS[3], field) == 0 and redis.call('HLEN', KEYS[3]) >= ${MAX_NOTIFICATION_COUNTERS} then field = ARGV[i + 3] end
  redis.call('HINCRBY', KEYS[3], field, 1)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
return 1
`);

export function createRedisAlertHistory({ call, keys }: { call: RedisCall; keys: RedisKeys }): AlertHistoryStore {
  return {
    addNotifications: (notifications, retentionMs, nowMs) =>
      call('add notifications', async (client) => {
        checkRetention(retentionMs, nowMs);
        checkReceivedAt(notifications);
        const args = [String(nowMs - retentionMs), ...notifications.flatMap((n) => [String(n.receivedAtMs), JSON.stringify(n), countField(n), overflowCountField(n)])];
        await runScript(client, ADD_NOTIFICATIONS, [keys.alertHistory, keys.alertSequence, keys.alertCounts], args);
      }),
    listNotifications: (filter) =>
      call('list notifications', async (client) => {
        // Pages by rank from the newest. Trimming removes the oldest, which leaves these ranks
        // alone; a notification added meanwhile shifts them by one, so members seen are skipped.
        const found: AlertNotification[] = [];
        const seen = new Set<string>();
        // Unfiltered, the first `limit` members are the answer; filtered, read wider pages.
        const pageSize = filter.project === undefined && filter.severity === undefined ? Math.max(1, filter.limit) : PAGE_SIZE;
        for (let start = 0; found.length < filter.limit; start += pageSize) {
          const page = await client.zrevrange(keys.alertHistory, start, start + pageSize - 1);
          for (const member of page) {
            if (seen.has(member) || found.length >= filter.limit) continue;
            seen.add(member);
            const notification = parseMember(member);
            if (matchesFilter(notification, filter)) found.push(notification);
          }
          if (page.length < pageSize) break;
        }
        return found;
      }),
    notificationCounts: () =>
      call('read notification counts', async (client): Promise<NotificationCount[]> => {
        const stored = await client.hgetall(keys.alertCounts);
        return sortCounts(Object.entries(stored).map(([field, count]) => parseCountField(field, Number(count))));
      }),
  };
}

function parseMember(member: string): AlertNotification {
  try {
    return JSON.parse(member.slice(SEQUENCE_DIGITS + 1)) as AlertNotification;
  } catch (error) {
    throw new Error(`history member ${member.slice(0, 40)}…: ${(error as Error).message}`, { cause: error });
  }
}
