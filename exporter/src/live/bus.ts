/**
 * How alert notifications reach the other replicas: an alert arrives at one exporter's webhook and
 * must reach live clients connected to any exporter. With the memory store there is one process,
 * and the bus does nothing; with Redis it is one pub/sub channel. Each replica delivers its own
 * arrivals at once and skips its own messages on the channel, so a Redis outage costs only the
 * other replicas' live copies (the history is in the store either way).
 */
import { randomUUID } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';
import type { RedisClient, RedisTarget } from '../store/redis-connection';
import { refreshSlotsEvery } from '../store/redis-slots-refresh';
import type { Logger } from '../../../common/log';
import type { AlertNotification } from '../alerts/types';

export interface LiveBus {
  publish(notifications: readonly AlertNotification[]): void;
  /** `deliver` receives the other replicas' notifications. */
  subscribe(deliver: (notifications: readonly AlertNotification[]) => void): void;
  close(): Promise<void>;
}

export function memoryBus(): LiveBus {
  return { publish: () => undefined, subscribe: () => undefined, close: async () => undefined };
}

/** The pub/sub channel of the live streams. */
export const LIVE_CHANNEL = 'pulse:live:alerts';

interface BusMessage {
  readonly origin: string;
  readonly notifications: readonly AlertNotification[];
}

export function redisBus(target: RedisTarget, log: Logger): LiveBus {
  const origin = randomUUID();
  // A subscribed connection can do nothing else, hence two; the publisher does not queue while
  // Redis is away. On a cluster a message published on any node reaches subscribers on every node.
  const publisher = busClient(target, false);
  const subscriber = busClient(target, true);
  for (const client of [publisher, subscriber]) client.on('error', (error) => log.debug({ err: error }, 'live bus: Redis connection error'));
  const refreshes = [publisher, subscriber].flatMap((client) => (client instanceof Cluster ? [refreshSlotsEvery(client, BUS_SLOTS_REFRESH_INTERVAL_MS)] : []));
  return {
    publish(notifications) {
      const message: BusMessage = { origin, notifications };
      publisher.publish(LIVE_CHANNEL, JSON.stringify(message)).catch((error: unknown) => log.warn({ err: error }, 'live bus: could not publish; other replicas miss these live notifications'));
    },
    subscribe(deliver) {
      subscriber.subscribe(LIVE_CHANNEL).catch((error: unknown) => log.warn({ err: error }, 'live bus: could not subscribe'));
      subscriber.on('message', (_channel: string, text: string) => {
        let message: BusMessage;
        try {
          message = JSON.parse(text) as BusMessage;
        } catch {
          log.warn('live bus: a message that is not JSON was skipped');
          return;
        }
        if (message.origin !== origin && Array.isArray(message.notifications)) deliver(message.notifications);
      });
    },
    async close() {
      for (const refresh of refreshes) refresh.stop();
      subscriber.disconnect();
      publisher.disconnect();
      await Promise.all(refreshes.map((refresh) => refresh.settled()));
    },
  };
}

/** ioredis' default: the bus only needs a node that answers, not the slot map of the moment. */
const BUS_SLOTS_REFRESH_INTERVAL_MS = 5000;

function busClient(target: RedisTarget, enableOfflineQueue: boolean): RedisClient {
  const backoff = (attempt: number): number => Math.min(attempt * 200, 5000);
  if ('url' in target) return new Redis(target.url, { enableOfflineQueue, maxRetriesPerRequest: 1, retryStrategy: backoff });
  const redisOptions = { maxRetriesPerRequest: 1, ...(target.password !== undefined && { password: target.password }) };
  // 0: off in ioredis, whose own refresh outlives close (redis-slots-refresh.ts); refreshed by redisBus.
  return new Cluster([...target.clusterNodes], { enableOfflineQueue, clusterRetryStrategy: backoff, slotsRefreshInterval: 0, redisOptions });
}
