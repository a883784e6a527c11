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
 * KEYS: history zset, sequence counter, counts hash, then the per-project history zsets.
 * ARGV: the cutoff (drop scores below it), the retention in ms, then per notification:
 * receivedAtMs, JSON, count field, the field it counts under once the hash holds
 * MAX_NOTIFICATION_COUNTERS fields, and the KEYS index of its project's history. Written in the
 * same step as the history, so a project's history is the history's members of that project.
 */
const ADD_NOTIFICATIONS = luaScript(`
${LUA_FINITE}
local cutoff = tonumber(ARGV[1])
if not finite(cutoff) then return redis.error_reply('cutoff must be a finite number (got ' .. ARGV[1] .. ')') end
for i = 3, #ARGV, 5 do
  if not finite(tonumber(ARGV[i])) then return redis.error_reply('receivedAtMs must be a finite number (got ' .. ARGV[i] .. ')') end
end
for i = 3, #ARGV, 5 do
  local sequence = redis.call('INCR', KEYS[2])
  local member = string.format('%0${SEQUENCE_DIGITS}d', sequence) .. ':' .. ARGV[i + 1]
  redis.call('ZADD', KEYS[1], ARGV[i], member)
  redis.call('ZADD', KEYS[tonumber(ARGV[i + 4])], ARGV[i], member)
  local field = ARGV[i + 2]
  if redis.call('HEXISTS', KEYS[3], field) == 0 and redis.call('HLEN', KEYS[3]) >= ${MAX_NOTIFICATION_COUNTERS} then field = ARGV[i + 3] end
  redis.call('HINCRBY', KEYS[3], field, 1)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
for k = 4, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', '(' .. ARGV[1])
  redis.call('PEXPIRE', KEYS[k], ARGV[2])
end
return 1
`);

export function createRedisAlertHistory({ call, keys }: { call: RedisCall; keys: RedisKeys }): AlertHistoryStore {
  return {
    addNotifications: (notifications, retentionMs, nowMs) =>
      call('add notifications', async (client) => {
        checkRetention(retentionMs, nowMs);
        checkReceivedAt(notifications);
        const projectKeys = [...new Set(notifications.map((n) => keys.alertHistoryOf(n.project)))];
        // Lua's KEYS count from 1, after the three fixed keys.
        const keyIndex = (n: AlertNotification): string => String(4 + projectKeys.indexOf(keys.alertHistoryOf(n.project)));
        const args = [String(nowMs - retentionMs), String(Math.max(1, Math.ceil(retentionMs))), ...notifications.flatMap((n) => [String(n.receivedAtMs), JSON.stringify(n), countField(n), overflowCountField(n), keyIndex(n)])];
        await runScript(client, ADD_NOTIFICATIONS, [keys.alertHistory, keys.alertSequence, keys.alertCounts, ...projectKeys], args);
      }),
    listNotifications: (filter) =>
      call('list notifications', async (client) => {
        // Pages by rank from the newest. Trimming removes the oldest, which leaves these ranks
        // alone; a notification added meanwhile shifts them by one, so members seen are skipped.
        const found: AlertNotification[] = [];
        const seen = new Set<string>();
        // A project reads its own history, so its cost does not grow with other projects'.
        // Unfiltered by severity, the first `limit` members are the answer; filtered, read wider pages.
        // A project's history is trimmed when that project adds; what the history has dropped
        // since (older than its oldest member) is left out here.
        const history = filter.project === undefined ? keys.alertHistory : keys.alertHistoryOf(filter.project);
        const oldest = filter.project === undefined ? [] : await client.zrange(keys.alertHistory, 0, 0, 'WITHSCORES');
        if (filter.project !== undefined && oldest.length === 0) return found;
        const min = oldest[1] ?? '-inf';
        const pageSize = filter.severity === undefined ? Math.max(1, filter.limit) : PAGE_SIZE;
        for (let start = 0; found.length < filter.limit; start += pageSize) {
          const page = await client.zrevrangebyscore(history, '+inf', min, 'LIMIT', start, pageSize);
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
