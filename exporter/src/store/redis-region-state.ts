/** The region part of the Redis store: probe states and load reports as JSON in two hashes. */
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { LUA_FINITE, luaScript, runScript } from './redis-script';
import type { LoadReport, ProbeStateRecord, RegionStateStore } from './types';

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

export function createRedisRegionState({ call, keys }: { call: RedisCall; keys: RedisKeys }): RegionStateStore {
  return {
    putProbeState: (record) =>
      call('put probe state', async (client) => {
        await client.hset(keys.probeStates, JSON.stringify([record.region, record.vantage]), JSON.stringify(record));
      }),
    probeStates: () =>
      call('read probe states', async (client) => parseValues<ProbeStateRecord>(await client.hgetall(keys.probeStates), 'probe state')),
    putLoad: (report) =>
      call('put load', async (client) => {
        await runScript(client, PUT_NEWER_LOAD, [keys.loads], [report.region, JSON.stringify(report), String(report.atMs)]);
      }),
    loads: () => call('read loads', async (client) => parseValues<LoadReport>(await client.hgetall(keys.loads), 'load report')),
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
