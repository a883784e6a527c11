/** The rate-limit part of the Redis store: one counter key per key and window, shared by replicas. */
import { checkRateLimitArguments, fixedWindowAt, rateLimitDecision, type FixedWindow } from './fixed-window';
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { luaScript, runScript } from './redis-script';
import type { RateLimitStore } from './types';

/** INCR, and on the window's first request PEXPIRE, as one step: a crash between the two would
 * otherwise leave a counter that never expires. Returns the count including this request. */
const COUNT_REQUEST = luaScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`);

/** The counter a request draws on, and the expiry its window's first request gives it. */
export interface RateCounter {
  readonly key: string;
  readonly limit: number;
  readonly expireMs: number;
  readonly window: FixedWindow;
}

export function rateCounter(keys: RedisKeys, key: string, limit: number, windowMs: number, nowMs: number): RateCounter {
  checkRateLimitArguments(limit, windowMs, nowMs);
  const window = fixedWindowAt(nowMs, windowMs);
  // The key names its window, so the expiry only frees memory; a window's worth of slack
  // keeps a replica whose clock runs behind from finding the counter already gone.
  return { key: keys.rateLimit(key, windowMs, window.index), limit, expireMs: Math.ceil(window.endsInMs + windowMs), window };
}

export function createRedisRateLimit({ call, keys }: { call: RedisCall; keys: RedisKeys }): RateLimitStore {
  return {
    consumeRateLimit: (key, limit, windowMs, nowMs) =>
      call(`rate limit ${JSON.stringify(key)}`, async (client) => {
        const counter = rateCounter(keys, key, limit, windowMs, nowMs);
        const count = await runScript(client, COUNT_REQUEST, [counter.key], [counter.expireMs]);
        return rateLimitDecision(Number(count), limit, counter.window);
      }),
  };
}
