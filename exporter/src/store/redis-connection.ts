/**
 * The one ioredis client of a Redis store (a Cluster client on a Redis Cluster), set up to fail fast: while Redis is unreachable every
 * call rejects at once (or after `commandTimeoutMs` at most), nothing is queued to be sent later,
 * and the client keeps reconnecting in the background with a capped backoff.
 *
 * A command that timed out had already been sent: should a hung Redis wake up, it still runs.
 * Usage batches are safe to retry (the idempotency keys catch the repeat); a rejected-event count
 * may then be one call too high.
 */
import Redis, { Cluster } from 'ioredis';
import type { Logger } from '../../../common/log';
import { redactRedisUrl } from './redis-url';
import { refreshSlotsEvery } from './redis-slots-refresh';

/** One Redis, or a Redis Cluster: the commands the store uses are the same on both. */
export type RedisClient = Redis | Cluster;

/** Where the store's Redis is: a URL, or the seed nodes of a cluster (with its password, if any). */
export type RedisTarget = { readonly url: string } | { readonly clusterNodes: readonly ClusterNode[]; readonly password?: string };

export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

export interface RedisConnectionOptions {
  readonly target: RedisTarget;
  readonly logger: Logger;
  readonly commandTimeoutMs: number;
  readonly maxReconnectDelayMs: number;
}

/** Runs one store operation on the connected client; errors are wrapped with the operation's name. */
export type RedisCall = <T>(operation: string, run: (client: RedisClient) => Promise<T>) => Promise<T>;

export interface RedisConnection {
  readonly call: RedisCall;
  /**
   * How many times the client has connected (on a cluster: or lost a node, as when a master
   * fails over). A change means Redis may have restarted (and lost, or gone back to older, data)
   * in between: readers of the usage change feed start afresh.
   */
  generation(): number;
  /** Whether Redis answers PING now; never rejects. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * How often a cluster client re-reads the slot map: a failed-over master is noticed (and the
 * generation moves on) within about this long even when no command is redirected.
 */
export const SLOTS_REFRESH_INTERVAL_MS = 1000;

/** Statuses in which a connection attempt is under way (worth a short wait rather than failing). */
const CONNECTING = new Set(['wait', 'connecting', 'connect']);

export function connectRedis(options: RedisConnectionOptions): RedisConnection {
  const { target, logger, commandTimeoutMs } = options;
  const where = 'url' in target ? redactRedisUrl(target.url) : `cluster ${target.clusterNodes.map(({ host, port }) => `${host}:${port}`).join(',')}`;
  const client = createClient(options);
  const watch = watchConnection(client, logger, where);
  const slots = client instanceof Cluster ? refreshSlotsEvery(client, SLOTS_REFRESH_INTERVAL_MS) : undefined;
  let pendingReady: Promise<RedisClient> | undefined;
  let closed = false;
  let generation = 0;
  client.on('ready', () => generation++);
  // A node leaves the client's map when the cluster no longer lists it (a failed master once its
  // replica has taken over): writes it acknowledged may be missing from the promoted replica.
  client.on('-node', () => generation++);

  const ready = (): Promise<RedisClient> => {
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
      slots?.stop();
      // Between reconnection attempts there is no socket, so no 'end' follows: cancelling the timer suffices.
      const socketOpen = client.status === 'ready' || CONNECTING.has(client.status);
      const ended = new Promise<void>((resolve) => client.once('end', resolve));
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
      if (socketOpen) await raceTimeout(ended, commandTimeoutMs);
      // A slot-map refresh under way holds a connection and a timer of its own until it ends.
      if (slots) await raceTimeout(slots.settled(), commandTimeoutMs);
    },
  };
}

/** Client settings common to both kinds: fail fast, never hold a write back, reconnect with a capped backoff. */
function createClient({ target, commandTimeoutMs, maxReconnectDelayMs }: RedisConnectionOptions): RedisClient {
  const backoff = (attempt: number): number => Math.min(100 * 2 ** (attempt - 1), maxReconnectDelayMs);
  const connection = {
    autoResendUnfulfilledCommands: false,
    // 0: commands in flight when the connection drops are rejected at once, not retried.
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
  };
  // A write must never be held back and sent minutes later: callers have answered by then.
  // Probe results and snapshot reads from many callers share round trips (auto-pipelining).
  if ('url' in target) return new Redis(target.url, { ...connection, enableOfflineQueue: false, enableAutoPipelining: true, retryStrategy: backoff });
  return new Cluster([...target.clusterNodes], {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    // Reads go to masters: the change feed must not read a replica that lags its master.
    scaleReads: 'master',
    clusterRetryStrategy: backoff,
    // A MOVED or failover answer is followed at once, with the slot map refreshed, not waited on.
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: commandTimeoutMs,
    // 0: off in ioredis; refreshed by redis-slots-refresh.ts instead, which stops at close.
    slotsRefreshInterval: 0,
    redisOptions: { ...connection, ...(target.password !== undefined && { password: target.password }) },
  });
}

function waitForReady(client: RedisClient, timeoutMs: number): Promise<RedisClient> {
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
function watchConnection(client: RedisClient, logger: Logger, where: string): { closing(): void } {
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
