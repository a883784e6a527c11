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
}

/** A region's load in concurrent participants, from its health endpoint or the load API. */
export interface LoadReport {
  readonly region: string;
  readonly load: number;
  readonly source: 'probe' | 'api';
  readonly atMs: number;
}

export interface RegionStateStore {
  putProbeState(record: ProbeStateRecord): Promise<void>;
  /** Every region × vantage point known to the store. */
  probeStates(): Promise<readonly ProbeStateRecord[]>;
  /** Keeps the newer of the stored and the given report. */
  putLoad(report: LoadReport): Promise<void>;
  loads(): Promise<readonly LoadReport[]>;
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
   * Hands `sink` the totals changed since `since` (written by any replica), or every total —
   * after `sink.full()` — when there is no cursor or it no longer holds (first read, a Redis flush,
   * restart or reconnection, a feed too far behind). Resolves with the cursor for the next read.
   * A reader that applies the totals in order holds exactly the stored totals as of the read.
   */
  usageChanges(since: UsageCursor | undefined, sink: UsageChangeSink): Promise<UsageCursor>;
  /** Adds rejected events to the shared event counts. */
  countRejected(count: number): Promise<void>;
  usageEventCounts(): Promise<UsageEventCounts>;
  /**
   * Admits a project that matched the allow pattern, unless `maxProjects` others are already
   * admitted. Resolves true when the project is (now) admitted.
   */
  admitProject(project: string, maxProjects: number): Promise<boolean>;
}

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

export interface Store extends RegionStateStore, UsageStore, RateLimitStore, AlertHistoryStore, ProjectAlertStore, ProjectChannelStore, ProjectTriggerStore {
  readonly kind: 'memory' | 'redis';
  /** Whether the store answers right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
