/**
 * The Redis store (REDIS_URL): totals survive restarts and are shared by every replica and vantage
 * point. Fails fast while Redis is unreachable and reconnects by itself (see redis-connection.ts).
 *
 * Single Redis (or a primary with replicas), not Cluster yet: a project's seen-id keys carry
 * its hash tag (redis-keys.ts), but the usage script also writes the shared totals and change
 * feed, which live in other slots, and Cluster refuses a script whose keys span slots.
 */
import { createRedisDeliveries } from './redis-deliveries';
import { createRedisCustomMetrics } from './redis-custom-metrics';
import { silentLogger, type Logger } from '../../../common/log';
import { createRedisAlertHistory } from './redis-alert-history';
import { createRedisExportJobs } from './redis-export-jobs';
import { createRedisProjectAlerts, createRedisProjectChannels } from './redis-project-alerts';
import { createRedisProjectTriggers } from './redis-project-triggers';
import { connectRedis } from './redis-connection';
import { redisKeys } from './redis-keys';
import { createRedisRateLimit } from './redis-rate-limit';
import { createRedisRegionState } from './redis-region-state';
import { createRedisUsage } from './redis-usage';
import type { Store } from './types';

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. Never logged with its password. */
  readonly url: string;
  /** Prepended to every key, so several deployments (or tests) can share one Redis. Default 'pulse:'. */
  readonly keyPrefix?: string;
  readonly logger?: Logger;
  /** Longest a call may wait for Redis before it rejects. Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. Default 1000 ms. */
  readonly maxReconnectDelayMs?: number;
}

export function createRedisStore(options: RedisStoreOptions): Store {
  const { url, keyPrefix = 'pulse:', logger = silentLogger(), commandTimeoutMs = 1000, maxReconnectDelayMs = 1000 } = options;
  const connection = connectRedis({ url, logger, commandTimeoutMs, maxReconnectDelayMs });
  const parts = { call: connection.call, keys: redisKeys(keyPrefix) };
  return {
    kind: 'redis',
    ...createRedisRegionState(parts),
    ...createRedisUsage({ ...parts, generation: connection.generation }),
    ...createRedisRateLimit(parts),
    ...createRedisAlertHistory(parts),
    ...createRedisExportJobs(parts),
    ...createRedisProjectAlerts(parts),
    ...createRedisCustomMetrics(parts),
    ...createRedisProjectChannels(parts),
    ...createRedisProjectTriggers(parts),
    ...createRedisDeliveries(parts),
    ping: () => connection.ping(),
    close: () => connection.close(),
  };
}
