/**
 * The Redis store (REDIS_URL): totals survive restarts and are shared by every replica and vantage
 * point. Fails fast while Redis is unreachable and reconnects by itself (see redis-connection.ts).
 *
 * One Redis (`url`), or a Redis Cluster (`clusterNodes`): on a cluster the keys are laid out by
 * slot (redis-cluster-keys.ts), a batch is written shard by shard, and each shard's part is
 * acknowledged only once a replica holds it (redis-replicated-write.ts).
 */
import { createRedisDeliveries } from './redis-deliveries';
import { createRedisCustomMetrics } from './redis-custom-metrics';
import { silentLogger, type Logger } from '../../../common/log';
import { createRedisAlertHistory } from './redis-alert-history';
import { createRedisExportJobs } from './redis-export-jobs';
import { createRedisProjectAlerts, createRedisProjectChannels } from './redis-project-alerts';
import { createRedisProjectTriggers } from './redis-project-triggers';
import { clusterKeyLayout, singleKeyLayout } from './redis-cluster-keys';
import { connectRedis, type RedisTarget } from './redis-connection';
import { createScriptWriter } from './redis-replicated-write';
import { createRedisRateLimit } from './redis-rate-limit';
import { createRedisRegionState } from './redis-region-state';
import { createRedisUsage } from './redis-usage';
import type { Store } from './types';

export type RedisStoreOptions = RedisTarget & RedisStoreSettings;

export interface RedisStoreSettings {
  /** Prepended to every key, so several deployments (or tests) can share one Redis. Default 'pulse:'. */
  readonly keyPrefix?: string;
  readonly logger?: Logger;
  /** Longest a call may wait for Redis before it rejects. Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. Default 1000 ms. */
  readonly maxReconnectDelayMs?: number;
  /**
   * On a cluster, how many replicas of a shard's master must hold a usage write before it is
   * acknowledged. Default 1; 0 for a cluster without replicas (a failover may then lose writes).
   */
  readonly replicas?: number;
}

export function createRedisStore(options: RedisStoreOptions): Store {
  const { keyPrefix = 'pulse:', logger = silentLogger(), commandTimeoutMs = 1000, maxReconnectDelayMs = 1000 } = options;
  const cluster = 'clusterNodes' in options;
  const connection = connectRedis({ target: options, logger, commandTimeoutMs, maxReconnectDelayMs });
  const layout = cluster ? clusterKeyLayout(keyPrefix) : singleKeyLayout(keyPrefix);
  const parts = { call: connection.call, keys: layout.keys };
  const replicas = cluster ? (options.replicas ?? 1) : 0;
  return {
    kind: 'redis',
    ...createRedisRegionState(parts),
    ...createRedisUsage({ ...parts, usage: layout.usage, generation: connection.generation, write: createScriptWriter({ replicas, waitMs: Math.ceil(commandTimeoutMs / 2) }) }),
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
