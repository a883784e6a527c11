/**
 * How alert notifications reach the other replicas: an alert arrives at one exporter's webhook and
 * must reach live clients connected to any exporter. With the memory store there is one process,
 * and the bus does nothing; with Redis it is one pub/sub channel. Each replica delivers its own
 * arrivals at once and skips its own messages on the channel, so a Redis outage costs only the
 * other replicas' live copies (the history is in the store either way).
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
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

export function redisBus(url: string, log: Logger): LiveBus {
  const origin = randomUUID();
  // A subscribed connection can do nothing else, hence two; neither queues while Redis is away.
  const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (attempt: number) => Math.min(attempt * 200, 5000) };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
  for (const client of [publisher, subscriber]) client.on('error', (error) => log.debug({ err: error }, 'live bus: Redis connection error'));
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
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
