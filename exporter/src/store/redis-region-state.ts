/** The region part of the Redis store: probe states and load reports as JSON in two hashes. */
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { LUA_FINITE, luaScript, runScript } from './redis-script';
import { placementSecond, type LoadReport, type PlacementCount, type ProbeStateRecord, type RegionStateStore } from './types';

/** Keeps the stored report when it is newer than the given one; read and write in one step. */
const PUT_NEWER_LOAD = luaScript(`
${LUA_FINITE}
local atMs = tonumber(ARGV[3])
if not finite(atMs) then return redis.error_reply('atMs must be a finite number (got ' .. ARGV[3] .. ')') end
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local ok, report = pcall(cjson.decode, stored)
  if ok and type(report) == 'table' and tonumber(report.atMs) and tonumber(report.atMs) > atMs then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

/** Returns the placement counts from the cutoff second on, and drops the older ones, in one step. */
const READ_PLACEMENTS = luaScript(`
local cutoff = tonumber(ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
local kept = {}
for i = 1, #all, 2 do
  local ok, key = pcall(cjson.decode, all[i])
  if ok and type(key) == 'table' and tonumber(key[2]) and tonumber(key[2]) >= cutoff then
    kept[#kept + 1] = all[i]
    kept[#kept + 1] = all[i + 1]
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return kept
`);

/** The probe-state hash's field for one region as one vantage point sees it. */
export const probeStateField = (region: string, vantage: string): string => JSON.stringify([region, vantage]);

export function createRedisRegionState({ call, keys }: { call: RedisCall; keys: RedisKeys }): RegionStateStore {
  return {
    putProbeState: (record) =>
      call('put probe state', async (client) => {
        await client.hset(keys.probeStates, probeStateField(record.region, record.vantage), JSON.stringify(record));
      }),
    probeStates: () =>
      call('read probe states', async (client) => parseValues<ProbeStateRecord>(await client.hgetall(keys.probeStates), 'probe state')),
    putLoad: (report) =>
      call('put load', async (client) => {
        await runScript(client, PUT_NEWER_LOAD, [keys.loads], [report.region, JSON.stringify(report), String(report.atMs)]);
      }),
    loads: () => call('read loads', async (client) => parseValues<LoadReport>(await client.hgetall(keys.loads), 'load report')),
    load: (region) =>
      call('read load', async (client) => {
        const json = await client.hget(keys.loads, region);
        return json === null ? undefined : parseValues<LoadReport>({ [region]: json }, 'load report')[0];
      }),
    recordPlacement: (region, atMs) =>
      call('record placement', async (client) => {
        await client.hincrby(keys.placements, JSON.stringify([region, placementSecond(atMs)]), 1);
      }),
    placements: (sinceMs) =>
      call('read placements', async (client) => {
        const flat = (await runScript(client, READ_PLACEMENTS, [keys.placements], [placementSecond(sinceMs)])) as string[];
        const counts: PlacementCount[] = [];
        for (let i = 0; i < flat.length; i += 2) {
          const [region, secondMs] = JSON.parse(flat[i]) as [string, number];
          counts.push({ region, secondMs, count: Number(flat[i + 1]) });
        }
        return counts;
      }),
  };
}

function parseValues<T>(hash: Record<string, string>, what: string): T[] {
  return Object.entries(hash).map(([field, json]) => {
    try {
      return JSON.parse(json) as T;
    } catch (error) {
      throw new Error(`${what} ${field}: ${(error as Error).message}`, { cause: error });
    }
  });
}
