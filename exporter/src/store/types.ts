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
import type { RecordedLimits, RecordedMetric, RecordOutcome, StoredType } from '../recorded/model';
import type { RecentUsage, RecentUsageQuery } from './recent-usage';
import type { CustomMetric } from '../custom-metrics/types';
import type { ProjectAlert, StoredProjectAlert } from '../project-alerts/types';
import type { ProjectChannels } from '../project-channels/types';
import type { ProjectTrigger } from '../project-alerts/trigger-types';

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
  /** One region's report, as loads() holds it, without reading every region's (the probe API's answer). */
  load(region: string): Promise<LoadReport | undefined>;
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

/** The rate limits a usage batch draws on (consumeRateLimit's arguments, one key and limit each). */
export interface BatchRateLimits {
  readonly limits: readonly { readonly key: string; readonly limit: number }[];
  readonly windowMs: number;
  readonly nowMs: number;
}

/** Recorded, or refused by the limit at `index` of BatchRateLimits.limits. */
export type LimitedBatchOutcome = { readonly recorded: BatchOutcome } | { readonly refused: RateRefusal };
export type LimitedRecordOutcome = { readonly recorded: RecordOutcome } | { readonly refused: RateRefusal };
export interface RateRefusal {
  readonly index: number;
  readonly decision: RateLimitDecision;
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
  /**
   * recordUsage after drawing one request from each of `limits`, in order, as consumeRateLimit
   * does: the first one past its limit refuses the batch, which is then not recorded (the limits
   * before it stay drawn). On one Redis the limits and the batch are one script, one round trip.
   */
  recordUsageWithinLimits(events: readonly UsageEvent[], idempotencyWindowMs: number, limits: BatchRateLimits): Promise<LimitedBatchOutcome>;
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
  /**
   * recordMetrics after drawing one request from each of `rateLimits`, as recordUsageWithinLimits
   * does: on one Redis the limits and the batch are one script, one round trip.
   */
  recordMetricsWithinLimits(project: string, metrics: readonly RecordedMetric[], limits: RecordedLimits, idempotencyWindowMs: number, rateLimits: BatchRateLimits): Promise<LimitedRecordOutcome>;
  /** The stored type of each of these names the project has recorded (names it never recorded are absent). */
  recordedTypes(project: string, names: readonly string[]): Promise<ReadonlyMap<string, StoredType>>;
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

export type ExportJobStatus = 'pending' | 'processing' | 'completed' | 'failed';

/** An export job of the analytics API, as every replica sees it. */
export interface ExportJob {
  /** Carries its project (see analytics/export-id.ts). */
  readonly id: string;
  readonly project: string;
  readonly format: 'csv' | 'json';
  /** The first and last day exported, YYYY-MM-DD (UTC). */
  readonly dateFrom: string;
  readonly dateTo: string;
  /** Usage types, as the catalogue names them. */
  readonly metrics: readonly string[];
  readonly status: ExportJobStatus;
  readonly createdAtMs: number;
  /** Last sign of life from the replica running it (a heartbeat while it runs). */
  readonly updatedAtMs: number;
  /** The job and its file are removed at this time. */
  readonly expiresAtMs: number;
  readonly fileSize?: number;
  readonly rows?: number;
  readonly error?: string;
}

export interface ExportJobStore {
  /**
   * Counts a new job against its project's jobs kept (those not yet expired at `nowMs`); false,
   * counting nothing, when the project already keeps `max`. Bounds what exports keep in the store.
   */
  reserveExportJob(project: string, id: string, expiresAtMs: number, max: number, nowMs: number): Promise<boolean>;
  /** Stores (or replaces) a job until its expiresAtMs. */
  putExportJob(job: ExportJob): Promise<void>;
  /** undefined once expired or never stored. */
  exportJob(id: string): Promise<ExportJob | undefined>;
  /**
   * Stores the file and the completed job as one step: a reader sees the job pending or
   * processing without a file, or completed with all of it. Both expire at job.expiresAtMs.
   */
  completeExportJob(job: ExportJob, file: readonly Buffer[]): Promise<void>;
  /** The file's `index`th chunk (as given to completeExportJob); undefined past the end or once expired. */
  exportFileChunk(id: string, index: number): Promise<Buffer | undefined>;
}

/** Alert definitions of the projects (the analytics API's alerts), shared by every replica. */
export interface ProjectAlertStore {
  /** Adds the alert unless its project already holds `maxPerProject`; resolves false then (nothing written). */
  createProjectAlert(alert: ProjectAlert, maxPerProject: number): Promise<boolean>;
  /** Oldest first (created_at, then id). */
  listProjectAlerts(project: string): Promise<readonly StoredProjectAlert[]>;
  /** Replaces an existing alert's definition, keeping its trigger statistics; false when there is none. */
  replaceProjectAlert(alert: ProjectAlert): Promise<boolean>;
  /** Removes the alert and its statistics; false when there was none. */
  deleteProjectAlert(project: string, id: string): Promise<boolean>;
  /** Projects holding at least one alert, sorted. */
  alertProjects(): Promise<readonly string[]>;
  /** Counts a firing that started at `startsAtMs`, once: a start not after the last one counted changes nothing. */
  recordAlertTrigger(project: string, id: string, startsAtMs: number): Promise<void>;
}

/** 'limit': the project holds the most allowed; 'name_taken': another definition of the project has the name. Nothing is written then. */
export type CustomMetricWrite = 'ok' | 'limit' | 'name_taken';

/** Custom metric definitions of the projects (the analytics API's metrics/custom), shared by every replica. */
export interface CustomMetricStore {
  createCustomMetric(metric: CustomMetric, maxPerProject: number): Promise<CustomMetricWrite>;
  /** Oldest first (created_at, then id). */
  listCustomMetrics(project: string): Promise<readonly CustomMetric[]>;
  replaceCustomMetric(metric: CustomMetric): Promise<Exclude<CustomMetricWrite, 'limit'> | 'missing'>;
  /** False when there was none. */
  deleteCustomMetric(project: string, id: string): Promise<boolean>;
  /** Projects holding at least one definition, sorted. */
  customMetricProjects(): Promise<readonly string[]>;
}

/** Each project's notification destinations, with the webhook's signing secret. */
export interface ProjectChannelStore {
  putProjectChannels(project: string, channels: ProjectChannels): Promise<void>;
  projectChannels(project: string): Promise<ProjectChannels | undefined>;
}

/** The firings of project alerts and their lifecycle; at most MAX_TRIGGERS_PER_PROJECT per project (the oldest go). */
export interface ProjectTriggerStore {
  /** Adds the trigger unless one with its id exists; resolves whether it was added. */
  openTrigger(trigger: ProjectTrigger): Promise<boolean>;
  putTrigger(trigger: ProjectTrigger): Promise<void>;
  trigger(id: string): Promise<ProjectTrigger | undefined>;
  /** Newest first. */
  projectTriggers(project: string, limit: number): Promise<readonly ProjectTrigger[]>;
  /** Every acknowledged trigger, whose resolution Pulse must notice itself. */
  acknowledgedTriggers(): Promise<readonly ProjectTrigger[]>;
  /** Every trigger still in status triggered (not acknowledged, not resolved): candidates for escalation. */
  openTriggers(): Promise<readonly ProjectTrigger[]>;
}

export const MAX_TRIGGERS_PER_PROJECT = 1000;

/** A notification delivery waiting for an attempt; `body` is the queue's own JSON (project-channels/delivery-queue.ts). */
export interface PendingDelivery {
  readonly id: string;
  readonly body: string;
}

/**
 * The project alert deliveries, kept in the store so that any replica, or this one after a
 * restart, finishes what another began: at least once across crashes.
 */
export interface DeliveryStore {
  /** Marks a delivery id as taken for `ttlMs`; false when it already was (a repeat: Alertmanager's, or one another replica took). */
  claimDelivery(id: string, ttlMs: number): Promise<boolean>;
  /** Keeps the delivery for an attempt at `dueMs` (replacing its earlier state); false, keeping nothing, when `max` other deliveries wait. */
  scheduleDelivery(delivery: PendingDelivery, dueMs: number, max: number): Promise<boolean>;
  /** Up to `limit` deliveries due at `nowMs`, oldest due first, each leased: due again at `nowMs + leaseMs` unless finished or rescheduled. */
  takeDueDeliveries(nowMs: number, leaseMs: number, limit: number): Promise<readonly PendingDelivery[]>;
  /** Forgets a delivery (delivered, or given up). */
  finishDelivery(id: string): Promise<void>;
  /** Deliveries waiting. */
  pendingDeliveries(): Promise<number>;
}

export interface Store extends RegionStateStore, UsageStore, RateLimitStore, AlertHistoryStore, ExportJobStore, ProjectAlertStore, ProjectChannelStore, ProjectTriggerStore, CustomMetricStore, DeliveryStore {
  readonly kind: 'memory' | 'redis';
  /** Whether the store answers, and takes writes, right now (pulse_store_up). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
