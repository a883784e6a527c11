/**
 * Lua scripts run by hash (EVALSHA), falling back to EVAL when the server does not know the script
 * yet — after a restart or a SCRIPT FLUSH — which also caches it for the next call.
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection';

export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

export async function runScript(client: RedisClient, script: LuaScript, keys: readonly string[], args: readonly (string | number | Buffer)[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha1, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  }
}

/** Lua: whether x (from tonumber) is a finite number. tonumber accepts "nan" and "inf". */
export const LUA_FINITE = 'local function finite(x) return x ~= nil and x == x and x ~= math.huge and x ~= -math.huge end';
