/**
 * The one ioredis client of a Redis store, set up to fail fast: while Redis is unreachable every
 * call rejects at once (or after `commandTimeoutMs` at most), nothing is queued to be sent later,
 * and the client keeps reconnecting in the background with a capped backoff.
 *
 * A command that timed out had already been sent: should a hung Redis wake up, it still runs.
 * Usage batches are safe to retry (the idempotency keys catch the repeat); a rejected-event count
 * may then be one call too high.
 */
import Redis from 'ioredis';
import type { Logger } from '../../../common/log';
import { redactRedisUrl } from './redis-url';

export interface RedisConnectionOptions {
  readonly url: string;
  readonly logger: Logger;
  readonly commandTimeoutMs: number;
  readonly maxReconnectDelayMs: number;
}

/** Runs one store operation on the connected client; errors are wrapped with the operation's name. */
export type RedisCall = <T>(operation: string, run: (client: Redis) => Promise<T>) => Promise<T>;

export interface RedisConnection {
  readonly call: RedisCall;
  /**
   * How many times the client has connected. A change means Redis may have restarted (and lost,
   * or gone back to older, data) in between: readers of the usage change feed start afresh.
   */
  generation(): number;
  /** Whether Redis answers PING now; never rejects. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Statuses in which a connection attempt is under way (worth a short wait rather than failing). */
const CONNECTING = new Set(['wait', 'connecting', 'connect']);

export function connectRedis(options: RedisConnectionOptions): RedisConnection {
  const { url, logger, commandTimeoutMs, maxReconnectDelayMs } = options;
  const where = redactRedisUrl(url);
  const client = new Redis(url, {
    // A write must never be held back and sent minutes later: callers have answered by then.
    enableOfflineQueue: false,
    // Probe results and snapshot reads from many callers share round trips.
    enableAutoPipelining: true,
    autoResendUnfulfilledCommands: false,
    // 0: commands in flight when the connection drops are rejected at once, not retried.
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), maxReconnectDelayMs),
  });
  const watch = watchConnection(client, logger, where);
  let pendingReady: Promise<Redis> | undefined;
  let closed = false;
  let generation = 0;
  client.on('ready', () => generation++);

  const ready = (): Promise<Redis> => {
    if (closed) return Promise.reject(new Error('store closed'));
    if (client.status === 'ready') return Promise.resolve(client);
    if (!CONNECTING.has(client.status)) return Promise.reject(new Error(`Redis unreachable (${client.status})`));
    pendingReady ??= waitForReady(client, commandTimeoutMs).finally(() => (pendingReady = undefined));
    return pendingReady;
  };

  return {
    async call(operation, run) {
      try {
        return await run(await ready());
      } catch (error) {
        throw new Error(`redis store: ${operation}: ${(error as Error).message}`, { cause: error });
      }
    },
    generation: () => generation,
    async ping() {
      try {
        return (await (await ready()).ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      watch.closing();
      // Between reconnection attempts there is no socket, so no 'end' follows: cancelling the timer suffices.
      const socketOpen = client.status === 'ready' || CONNECTING.has(client.status);
      const ended = new Promise<void>((resolve) => client.once('end', resolve));
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
      if (socketOpen) await raceTimeout(ended, commandTimeoutMs);
    },
  };
}

function waitForReady(client: Redis, timeoutMs: number): Promise<Redis> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('close', onClose);
      if (error) reject(error);
      else resolve(client);
    };
    const onReady = (): void => settle();
    const onClose = (): void => settle(new Error('Redis unreachable (connection closed)'));
    const timer = setTimeout(() => settle(new Error(`Redis unreachable (not connected after ${timeoutMs} ms)`)), timeoutMs);
    client.once('ready', onReady);
    client.once('close', onClose);
  });
}

/** Logs each outage once (not every reconnection attempt), and only error messages: an ioredis
 * error can carry the command's arguments, and the AUTH command's argument is the password. */
function watchConnection(client: Redis, logger: Logger, where: string): { closing(): void } {
  let connected = false;
  let outageReported = false;
  let closing = false;
  client.on('ready', () => {
    connected = true;
    outageReported = false;
    logger.info({ redis: where }, 'redis store connected');
  });
  client.on('close', () => {
    if (!connected || closing) return;
    connected = false;
    outageReported = true;
    logger.warn({ redis: where }, 'redis store connection lost; reconnecting');
  });
  client.on('error', (error: Error) => {
    const fields = { redis: where, error: error.message };
    if (outageReported) return logger.debug(fields, 'redis store still unreachable');
    outageReported = true;
    logger.warn(fields, 'redis store unreachable; reconnecting');
  });
  return { closing: () => void (closing = true) };
}

async function raceTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
