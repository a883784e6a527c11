/** The rate-limit part of the Redis store: one counter key per key and window, shared by replicas. */
import { checkRateLimitArguments, fixedWindowAt, rateLimitDecision } from './fixed-window';
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

export function createRedisRateLimit({ call, keys }: { call: RedisCall; keys: RedisKeys }): RateLimitStore {
  return {
    consumeRateLimit: (key, limit, windowMs, nowMs) =>
      call(`rate limit ${JSON.stringify(key)}`, async (client) => {
        checkRateLimitArguments(limit, windowMs, nowMs);
        const window = fixedWindowAt(nowMs, windowMs);
        // The key names its window, so the expiry only frees memory; a window's worth of slack
        // keeps a replica whose clock runs behind from finding the counter already gone.
        const expireMs = Math.ceil(window.endsInMs + windowMs);
        const count = await runScript(client, COUNT_REQUEST, [keys.rateLimit(key, windowMs, window.index)], [expireMs]);
        return rateLimitDecision(Number(count), limit, window);
      }),
  };
}
