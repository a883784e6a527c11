/**
 * The trigger part of the Redis store: one hash of triggers by id, a sorted set per project by
 * opening order (trimmed to MAX_TRIGGERS_PER_PROJECT), and the sets of open and acknowledged ids.
 */
import type { RedisClient } from './redis-connection';
import type { ProjectTrigger, TriggerStatus } from '../project-alerts/trigger-types';
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { luaScript, runScript } from './redis-script';
import { MAX_TRIGGERS_PER_PROJECT, type ProjectTriggerStore } from './types';

/** KEYS: triggers hash, project zset, sequence, open set, acknowledged set. ARGV: id, JSON, max per project. */
const OPEN = luaScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
  for _, id in ipairs(old) do
    redis.call('HDEL', KEYS[1], id)
    redis.call('SREM', KEYS[4], id)
    redis.call('SREM', KEYS[5], id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
end
return 1
`);

/** KEYS: triggers hash, open set, acknowledged set. ARGV: id, JSON, status. Only an existing trigger. */
const PUT = luaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == 'triggered' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
if ARGV[3] == 'acknowledged' then redis.call('SADD', KEYS[3], ARGV[1]) else redis.call('SREM', KEYS[3], ARGV[1]) end
return 1
`);

export function createRedisProjectTriggers({ call, keys }: { call: RedisCall; keys: RedisKeys }): ProjectTriggerStore {
  const parse = (json: string | null): ProjectTrigger | undefined => (json === null ? undefined : (JSON.parse(json) as ProjectTrigger));
  const withStatus = async (client: RedisClient, set: string, status: TriggerStatus): Promise<ProjectTrigger[]> => {
    const ids = await client.smembers(set);
    if (ids.length === 0) return [];
    return (await client.hmget(keys.triggers, ...ids)).map(parse).filter((t): t is ProjectTrigger => t?.status === status);
  };
  return {
    openTrigger: (t) =>
      call('open trigger', async (client) => (await runScript(client, OPEN, [keys.triggers, keys.projectTriggers(t.project_id), keys.triggerSequence, keys.openTriggers, keys.acknowledgedTriggers], [t.id, JSON.stringify(t), MAX_TRIGGERS_PER_PROJECT])) === 1),
    putTrigger: (t) =>
      call('put trigger', async (client) => {
        await runScript(client, PUT, [keys.triggers, keys.openTriggers, keys.acknowledgedTriggers], [t.id, JSON.stringify(t), t.status]);
      }),
    trigger: (id) => call('read trigger', async (client) => parse(await client.hget(keys.triggers, id))),
    projectTriggers: (project, limit) =>
      call('list triggers', async (client) => {
        const ids = await client.zrevrange(keys.projectTriggers(project), 0, limit - 1);
        if (ids.length === 0) return [];
        return (await client.hmget(keys.triggers, ...ids)).map(parse).filter((t): t is ProjectTrigger => t !== undefined);
      }),
    acknowledgedTriggers: () => call('list acknowledged triggers', (client) => withStatus(client, keys.acknowledgedTriggers, 'acknowledged')),
    openTriggers: () => call('list open triggers', (client) => withStatus(client, keys.openTriggers, 'triggered')),
  };
}
