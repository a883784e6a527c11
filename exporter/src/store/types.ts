/**
 * The state store: one interface, two implementations (in memory, the default; Redis, shared by
 * replicas and vantage points). Callers only see this interface, so the implementation is chosen
 * once at start-up. Every method may reject when the store is unreachable; callers decide what
 * that means (ingestion answers 503, /metrics serves the last snapshot).
 */
import type { AlertNotification, NotificationCount, NotificationFilter } from '../alerts/types';
import type { Outcome, TrackedState } from '../health/health-track';
import type { ProbeResult } from '../probes/types';
import type { BatchOutcome, UsageEvent, UsageEventCounts, UsageTotal } from '../usage/types';
import type { RecordedLimits, RecordedMetric, RecordOutcome } from '../recorded/model';
import type { RecentUsage, RecentUsageQuery } from './recent-usage';

/** The latest probe of one region from one vantage point, with its health track. */
export interface ProbeStateRecord {
  readonly region: string;
  readonly vantage: string;
  readonly state: TrackedState;
  readonly recent: readonly Outcome[];
  readonly lastCheckMs: number;
  readonly result: ProbeResult;
  /** Round trips (ms) of the last successful probes (health/latency-samples.ts); absent in records older than the field. */
  readonly latencySamplesMs?: readonly number[];
}

/** A region's load in concurrent participants, from its health endpoint or the load API. */
export interface LoadReport {
  readonly region: string;
  readonly load: number;
  readonly source: 'probe' | 'api';
  readonly atMs: number;
}

/** Clients that POST /api/v1/regions/nearest sent to a region within one second. */
export interface PlacementCount {
  readonly region: string;
  /** The start of the second, epoch ms. */
  readonly secondMs: number;
  readonly count: number;
}

/** The second a time falls in, as PlacementCount.secondMs. */
export const placementSecond = (atMs: number) => Math.floor(atMs / 1000) * 1000;

export interface RegionStateStore {
  putProbeState(record: ProbeStateRecord): Promise<void>;
  /** Every region × vantage point known to the store. */
  probeStates(): Promise<readonly ProbeStateRecord[]>;
  /** Keeps the newer of the stored and the given report. */
  putLoad(report: LoadReport): Promise<void>;
  loads(): Promise<readonly LoadReport[]>;
  /** Counts one client sent to `region` at `atMs`, in that second's count (shared by every replica). */
  recordPlacement(region: string, atMs: number): Promise<void>;
  /** The counts of the seconds from `sinceMs`'s on; older ones are dropped from the store. */
  placements(sinceMs: number): Promise<readonly PlacementCount[]>;
}

/**
 * Where a reader of the usage change feed stands: which incarnation of the totals (`epoch`: a
 * Redis flush or restart, or another memory store, starts a new one) and how far into it. Opaque
 * to callers: pass back what the last read returned.
 */
export interface UsageCursor {
  readonly epoch: string;
  readonly version: number;
}

/** Receives the totals a change-feed read hands over, without intermediate objects. */
export interface UsageChangeSink {
  /** Called before any total when the read is a full one: drop every total held so far. */
  full(): void;
  /** One series' current total (a level for storage_bytes); `field` as seriesField() builds it. */
  total(field: string, value: string | number): void;
}

export interface UsageStore {
  /**
   * Stores a validated batch atomically: all of it or none of it. An event whose (project, id)
   * was recorded within `idempotencyWindowMs`, or repeats an earlier event of the same batch, is
   * a duplicate: acknowledged, not counted. Counted events add to their total (storage_bytes:
   * replaces the level when its timestamp is not older than the stored one). Also adds to the
   * accepted and duplicate event counts. Resolves only once everything is stored.
   */
  recordUsage(events: readonly UsageEvent[], idempotencyWindowMs: number): Promise<BatchOutcome>;
  usageTotals(): Promise<readonly UsageTotal[]>;
  /**
   * One project's usage per minute over the kept hour before `query.beforeMs`, and its stored
   * levels, read at one instant (recordUsage writes both in the batch's atomic step).
   */
  recentUsage(query: RecentUsageQuery): Promise<RecentUsage>;
  /**
   * Hands `sink` the totals changed since `since` (written by any replica), or every total —
   * after `sink.full()` — when there is no cursor or it no longer holds (first read, a Redis flush,
   * restart or reconnection, a feed too far behind). Resolves with the cursor for the next read.
   * A reader that applies the totals in order holds exactly the stored totals as of the read.
   */
  usageChanges(since: UsageCursor | undefined, sink: UsageChangeSink): Promise<UsageCursor>;
  /**
   * Stores one project's recorded values atomically, all or none (recorded/model.ts): refused whole
   * when a name would change its definition or the project would pass its limits. A value whose id
   * was recorded within `idempotencyWindowMs` (or repeats in the batch) is a duplicate, not applied.
   * Changed values reach readers through usageChanges, like usage totals.
   */
  recordMetrics(project: string, metrics: readonly RecordedMetric[], limits: RecordedLimits, idempotencyWindowMs: number): Promise<RecordOutcome>;
  /** Adds rejected events to the shared event counts. */
  countRejected(count: number): Promise<void>;
  usageEventCounts(): Promise<UsageEventCounts>;
  /**
   * Admits projects that matched the allow pattern, all or none: none when the new ones would
   * take the admitted projects past `maxProjects`. Resolves with the projects this call added
   * (not those already in), so a batch refused afterwards can release them.
   */
  admitProjects(projects: readonly string[], maxProjects: number): Promise<ProjectAdmission>;
  /** Forgets admitted projects (those a refused batch added), freeing their slots. */
  releaseProjects(projects: readonly string[]): Promise<void>;
}

export type ProjectAdmission = { readonly admitted: true; readonly added: readonly string[] } | { readonly admitted: false };

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests left in the current window (0 when refused). */
  readonly remaining: number;
  /** When the current window ends, ms from now (the Retry-After when refused). */
  readonly resetMs: number;
}

export interface RateLimitStore {
  /** Counts one request against `key` in a fixed window shared by every replica. */
  consumeRateLimit(key: string, limit: number, windowMs: number, nowMs: number): Promise<RateLimitDecision>;
}

export interface AlertHistoryStore {
  /** Appends notifications and drops those received more than `retentionMs` ago. */
  addNotifications(notifications: readonly AlertNotification[], retentionMs: number, nowMs: number): Promise<void>;
  /** Newest first. */
  listNotifications(filter: NotificationFilter): Promise<readonly AlertNotification[]>;
  notificationCounts(): Promise<readonly NotificationCount[]>;
}

export interface Store extends RegionStateStore, UsageStore, RateLimitStore, AlertHistoryStore {
  readonly kind: 'memory' | 'redis';
  /** Whether the store answers, and takes writes, right now (pulse_store_up). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
