/**
 * The project-alert part of the Redis store. Each change is one script, so the per-project limit
 * holds under concurrent creates from every replica, and a definition never exists without its
 * project in the projects set (which a restart reads to rebuild every rule file).
 */
import { NO_TRIGGERS, type AlertTriggerStats, type ProjectAlert } from '../project-alerts/types';
import { byCreation } from './project-alert-order';
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { luaScript, runScript } from './redis-script';
import type { ProjectChannels } from '../project-channels/types';
import type { ProjectAlertStore, ProjectChannelStore } from './types';

/** KEYS: definitions hash, projects set. ARGV: max per project, id, JSON, project. */
const CREATE = luaScript(`
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
return 1
`);

/** KEYS: definitions hash. ARGV: id, JSON. */
const REPLACE = luaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

/** KEYS: definitions hash, triggers hash, projects set. ARGV: id, project. */
const DELETE = luaScript(`
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[3], ARGV[2]) end
return removed
`);

/** KEYS: definitions hash, triggers hash. ARGV: id, start (ms), its ISO text. Stats: "startMs count iso". */
const RECORD_TRIGGER = luaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
local last, count = -1, 0
local stored = redis.call('HGET', KEYS[2], ARGV[1])
if stored then
  local a, b = string.match(stored, '^(%S+) (%S+)')
  last, count = tonumber(a), tonumber(b)
end
if tonumber(ARGV[2]) <= last then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. (count + 1) .. ' ' .. ARGV[3])
return 1
`);

function parseStats(stored: string | undefined): AlertTriggerStats {
  if (stored === undefined) return NO_TRIGGERS;
  const [, count, iso] = stored.split(' ');
  return { last_triggered: iso, trigger_count: Number(count) };
}

export function createRedisProjectAlerts({ call, keys }: { call: RedisCall; keys: RedisKeys }): ProjectAlertStore {
  return {
    createProjectAlert: (alert, maxPerProject) =>
      call('create project alert', async (client) => {
        const args = [maxPerProject, alert.id, JSON.stringify(alert), alert.project_id];
        return (await runScript(client, CREATE, [keys.projectAlerts(alert.project_id), keys.alertProjects], args)) === 1;
      }),
    listProjectAlerts: (project) =>
      call('list project alerts', async (client) => {
        const [definitions, stats] = await Promise.all([client.hgetall(keys.projectAlerts(project)), client.hgetall(keys.projectAlertTriggers(project))]);
        return Object.entries(definitions)
          .map(([id, json]) => ({ ...(JSON.parse(json) as ProjectAlert), ...parseStats(stats[id]) }))
          .sort(byCreation);
      }),
    replaceProjectAlert: (alert) =>
      call('replace project alert', async (client) => (await runScript(client, REPLACE, [keys.projectAlerts(alert.project_id)], [alert.id, JSON.stringify(alert)])) === 1),
    deleteProjectAlert: (project, id) =>
      call('delete project alert', async (client) => {
        const removed = await runScript(client, DELETE, [keys.projectAlerts(project), keys.projectAlertTriggers(project), keys.alertProjects], [id, project]);
        return removed === 1;
      }),
    alertProjects: () => call('list alert projects', async (client) => (await client.smembers(keys.alertProjects)).sort()),
    recordAlertTrigger: (project, id, startsAtMs) =>
      call('record alert trigger', async (client) => {
        await runScript(client, RECORD_TRIGGER, [keys.projectAlerts(project), keys.projectAlertTriggers(project)], [id, startsAtMs, new Date(startsAtMs).toISOString()]);
      }),
  };
}

export function createRedisProjectChannels({ call, keys }: { call: RedisCall; keys: RedisKeys }): ProjectChannelStore {
  return {
    putProjectChannels: (project, channels) =>
      call('put project channels', async (client) => {
        await client.hset(keys.projectChannels, project, JSON.stringify(channels));
      }),
    projectChannels: (project) =>
      call('read project channels', async (client) => {
        const stored = await client.hget(keys.projectChannels, project);
        return stored === null ? undefined : (JSON.parse(stored) as ProjectChannels);
      }),
  };
}
