/**
 * The delivery part of the Redis store: a sorted set of delivery ids by due time and a hash of
 * their bodies (both under one hash tag, so each script touches one slot on a cluster), and one
 * expiring key per claimed delivery id.
 */
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { luaScript, runScript } from './redis-script';
import type { DeliveryStore, PendingDelivery } from './types';

/** KEYS: due zset, bodies hash. ARGV: id, body, due ms, max waiting. */
const SCHEDULE = luaScript(`
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`);

/** KEYS: due zset, bodies hash. ARGV: now ms, lease ms, limit. Answers id, body, id, body, … */
const TAKE_DUE = luaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  local body = redis.call('HGET', KEYS[2], id)
  if body then
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
    table.insert(out, id)
    table.insert(out, body)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
`);

/** KEYS: due zset, bodies hash. ARGV: id. */
const FINISH = luaScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`);

export function createRedisDeliveries({ call, keys }: { call: RedisCall; keys: RedisKeys }): DeliveryStore {
  const queue = [keys.deliveriesDue, keys.deliveryBodies];
  return {
    claimDelivery: (id, ttlMs) => call('claim delivery', async (client) => (await client.set(keys.deliveryClaim(id), '1', 'PX', ttlMs, 'NX')) === 'OK'),
    scheduleDelivery: (delivery, dueMs, max) => call('schedule delivery', async (client) => (await runScript(client, SCHEDULE, queue, [delivery.id, delivery.body, dueMs, max])) === 1),
    takeDueDeliveries: (nowMs, leaseMs, limit) =>
      call('take due deliveries', async (client) => {
        const flat = (await runScript(client, TAKE_DUE, queue, [nowMs, leaseMs, limit])) as string[];
        const due: PendingDelivery[] = [];
        for (let i = 0; i < flat.length; i += 2) due.push({ id: flat[i], body: flat[i + 1] });
        return due;
      }),
    finishDelivery: (id) =>
      call('finish delivery', async (client) => {
        await runScript(client, FINISH, queue, [id]);
      }),
    pendingDeliveries: () => call('count deliveries', (client) => client.zcard(keys.deliveriesDue)),
  };
}
