/**
 * The custom-metric part of the Redis store. Each change is one script, so the per-project limit
 * and the unique names hold under concurrent writes from every replica, and a definition never
 * exists without its project in the projects set (which a restart reads to rebuild rule files).
 */
import type { CustomMetric } from '../custom-metrics/types';
import { byCreation } from './project-alert-order';
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { luaScript, runScript } from './redis-script';
import type { CustomMetricStore, CustomMetricWrite } from './types';

/** Whether another definition of the hash (not ARGV id) has ARGV name. */
const NAME_TAKEN = `
local function name_taken(key, id, name)
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    if all[i] ~= id and cjson.decode(all[i + 1]).name == name then return true end
  end
  return false
end
`;

/** KEYS: definitions hash, projects set. ARGV: max per project, id, JSON, project, name. */
const CREATE = luaScript(`${NAME_TAKEN}
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return 'limit' end
if name_taken(KEYS[1], ARGV[2], ARGV[5]) then return 'name_taken' end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
return 'ok'
`);

/** KEYS: definitions hash. ARGV: id, JSON, name. */
const REPLACE = luaScript(`${NAME_TAKEN}
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'missing' end
if name_taken(KEYS[1], ARGV[1], ARGV[3]) then return 'name_taken' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'ok'
`);

/** KEYS: definitions hash, projects set. ARGV: id, project. */
const DELETE = luaScript(`
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return removed
`);

export function createRedisCustomMetrics({ call, keys }: { call: RedisCall; keys: RedisKeys }): CustomMetricStore {
  return {
    createCustomMetric: (metric, maxPerProject) =>
      call('create custom metric', async (client) => {
        const args = [maxPerProject, metric.id, JSON.stringify(metric), metric.project_id, metric.name];
        return (await runScript(client, CREATE, [keys.customMetrics(metric.project_id), keys.customMetricProjects], args)) as CustomMetricWrite;
      }),
    listCustomMetrics: (project) =>
      call('list custom metrics', async (client) =>
        Object.values(await client.hgetall(keys.customMetrics(project)))
          .map((json) => JSON.parse(json) as CustomMetric)
          .sort(byCreation),
      ),
    replaceCustomMetric: (metric) =>
      call('replace custom metric', async (client) => (await runScript(client, REPLACE, [keys.customMetrics(metric.project_id)], [metric.id, JSON.stringify(metric), metric.name])) as 'ok' | 'name_taken' | 'missing'),
    deleteCustomMetric: (project, id) =>
      call('delete custom metric', async (client) => (await runScript(client, DELETE, [keys.customMetrics(project), keys.customMetricProjects], [id, project])) === 1),
    customMetricProjects: () => call('list custom metric projects', async (client) => (await client.smembers(keys.customMetricProjects)).sort()),
  };
}
