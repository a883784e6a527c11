/**
 * The running exporter without its HTTP surface: the current config, the store, the region
 * monitor, the probe scheduler, reloads, and the state snapshot that /metrics and the API read.
 */
import type { Registry } from 'prom-client';
import { coalesced, withinDeadline } from '../../common/async/coalesce';
import type { Logger } from '../../common/log';
import type { LoadOptions } from './config/load';
import { loadConfigFile } from './config/load';
import { WEBHOOK_TOKEN_SETTINGS, type PulseConfig } from './config/model';
import { createExporterEvents, type ExporterEvents } from './metrics/probe-events';
import { registerStateGauges, type MetricsSnapshot } from './metrics/state-gauges';
import { createUsageExposition, type UsageExposition } from './metrics/usage-exposition';
import { createProjectAlerts, type ProjectAlerts } from './project-alerts/project-alerts';
import { runProbe as defaultRunProbe } from './probes/registry';
import type { ProbeResult, ProbeSpec } from './probes/types';
import { createRegionMonitor, type RegionMonitor } from './regions/region-monitor';
import { createScheduler, type Scheduler, type SchedulerDeps } from './scheduler/scheduler';
import type { PlaceClientDeps } from './selection/place-client';
import type { LoadReport, Store, UsageCursor } from './store/types';
import { readRealtime } from './analytics/realtime-read';
import { renderRegion } from './api/render-regions';
import type { LiveBus } from './live/bus';
import { createLiveHub, type LiveHub } from './live/hub';
import type { LiveLimits } from './live/limits';

export interface RuntimeDeps {
  readonly configFile: string;
  readonly loadOptions?: LoadOptions;
  /** The config file, already read and validated; default: read `configFile` now. */
  readonly initialConfig?: PulseConfig;
  readonly store: Store;
  readonly registry: Registry;
  readonly log: Logger;
  readonly version: string;
  readonly runProbe?: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;
  /** Randomness of the `spread` selection strategy; tests pass a seeded one. Default Math.random. */
  readonly random?: () => number;
  /** Where schedulers run: here (the default) or on the probe thread (probe-thread.ts). */
  readonly createScheduler?: (deps: SchedulerDeps) => Scheduler;
  /** The clock of on-demand probes' freshness, recorded states and the reload limit; tests pass a fixed one. Default Date.now. */
  readonly now?: () => number;
  /** How live alert notifications reach the other replicas (Redis pub/sub); default: this process only. */
  readonly liveBus?: LiveBus;
  /** Tests lower the live streams' bounds. */
  readonly liveLimits?: Partial<LiveLimits>;
}

/** A reload refused because one ran too recently carries retryAfterSeconds; a bad config does not. */
export type ReloadOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly retryAfterSeconds?: number };

/**
 * Reloads are serialised and at most one starts per this interval (others are refused with a
 * retry time): a reload that changes probing restarts the scheduler, which aborts the probes
 * in flight, so back-to-back reloads could starve probing.
 */
export const RELOAD_MIN_INTERVAL_MS = 1000;

/** How old a region's last result may be and still answer an on-demand probe. */
export const ON_DEMAND_FRESH_MS = 5000;

export interface ExporterRuntime {
  readonly events: ExporterEvents;
  readonly monitor: RegionMonitor;
  readonly store: Store;
  /** What client placement needs besides the snapshot (selection/place-client.ts). */
  readonly placement: PlaceClientDeps;
  /** Project alerts defined through the analytics API; undefined when `project_alerts` is not configured (set at start; a reload does not change it). */
  readonly projectAlerts?: ProjectAlerts;
  /** The live streams' hub (WebSocket and SSE connections attach to it). */
  readonly live: LiveHub;
  config(): PulseConfig;
  ready(): boolean;
  start(): Promise<void>;
  /**
   * Re-reads the config file; a bad file keeps the running config and says why. One at a time,
   * at most one per RELOAD_MIN_INTERVAL_MS; probing restarts only when its settings changed.
   */
  reload(): Promise<ReloadOutcome>;
  /**
   * Refreshes the snapshot from the store, or answers the last one: when the store fails, or
   * does not answer within SNAPSHOT_DEADLINE_MS (then marked store down until a refresh ends).
   */
  refreshSnapshot(): Promise<MetricsSnapshot>;
  /**
   * One region's load as the store holds it (every replica's reports), for an answer about that
   * region alone: one field read instead of a whole snapshot. The last snapshot's when the store
   * fails or does not answer within SNAPSHOT_DEADLINE_MS.
   */
  regionLoad(code: string): Promise<LoadReport | undefined>;
  /**
   * An on-demand probe (public: GET /api/v1/regions/:code/health): answers the last result when
   * it is younger than ON_DEMAND_FRESH_MS, else joins the probe running for the region or starts
   * one, so callers cannot make Pulse probe more often than that, however many they are.
   * `fresh` (admin callers only) skips the last result and always joins or starts a probe.
   * With the result comes the region's load for the answer (as regionLoad reads it); when a probe
   * ran, that read leaves beside the probe's state write (one Redis pipeline, not a round trip
   * after it), unless the result carries a load of its own, which recording writes first.
   */
  checkRegion(code: string, options?: { readonly fresh?: boolean }): Promise<{ readonly result: ProbeResult; readonly load: Promise<LoadReport | undefined> }>;
  stop(): Promise<void>;
}

/**
 * How long a caller (a scrape, an API request) waits for a snapshot refresh before it is answered
 * from the last snapshot: well under Prometheus' scrape timeout, whatever the store does.
 */
export const SNAPSHOT_DEADLINE_MS = 500;

/** Loads the config (throws if it is invalid: nothing starts on a bad config). */
export function createRuntime(deps: RuntimeDeps): ExporterRuntime {
  let config = deps.initialConfig ?? loadConfigFile(deps.configFile, deps.loadOptions);
  const events = createExporterEvents(deps.registry);
  const live = createLiveHub({
    registry: deps.registry,
    log: deps.log,
    bus: deps.liveBus,
    limits: deps.liveLimits,
    readDashboard: (project, nowMs) => readRealtime(deps.store, config, project, nowMs),
  });
  // A state change reaches the live streams as the region the regions API lists, from a fresh
  // snapshot (latency, load), in its new state (the monitor stores it just after telling us).
  const regionChanged = (code: string, state: string) => {
    const region = config.regions.find((r) => r.code === code);
    if (!region) return;
    void refreshWithinDeadline().then((fresh) => live.regionChanged(code, { ...renderRegion(region, fresh), health_status: state }));
  };
  const monitorEvents: ExporterEvents = {
    ...events,
    stateChanged(region, vantage, transition) {
      events.stateChanged(region, vantage, transition);
      regionChanged(region, transition.to);
    },
  };
  const now = deps.now ?? Date.now;
  const monitor = createRegionMonitor({ store: deps.store, vantage: config.vantage.name, events: monitorEvents, log: deps.log, now });
  const runProbe = deps.runProbe ?? defaultRunProbe;
  let scheduler: Scheduler | undefined;
  let started = false;
  let lastReloadSuccessful = true;
  let lastReloadSuccessMs = Date.now();
  let lastReloadStartMs = -Infinity;
  let reloading: Promise<ReloadOutcome> | undefined;
  // The usage series live between scrapes and follow the store's change feed: a scrape reads
  // what changed since the last one (every replica's writes), not every total.
  let usage = createUsageExposition();
  let usageCursor: UsageCursor | undefined;
  let snapshot: MetricsSnapshot = {
    config,
    states: [],
    loads: [],
    usage,
    usageCounts: { accepted: 0, duplicate: 0, rejected: 0 },
    alertCounts: [],
    store: { kind: deps.store.kind, up: true },
    probesInFlight: 0,
    lastReloadSuccessful,
    lastReloadSuccessMs,
    version: deps.version,
  };
  registerStateGauges(deps.registry, () => snapshot);
  const projectAlerts = config.projectAlerts ? createProjectAlerts({ store: deps.store, settings: config.projectAlerts, registry: deps.registry, log: deps.log }) : undefined;

  /** Applies the usage changes since the last read; a full read builds a new exposition, kept only once complete. */
  async function readUsage(): Promise<UsageExposition> {
    let target = usage;
    usageCursor = await deps.store.usageChanges(usageCursor, {
      full: () => void (target = createUsageExposition()),
      total: (field, value) => target.total(field, value),
    });
    usage = target;
    return usage;
  }

  async function refresh(): Promise<MetricsSnapshot> {
    let { states, loads, usageCounts, alertCounts } = snapshot;
    let up = true;
    try {
      let answers: boolean;
      [states, loads, , usageCounts, alertCounts, answers] = await Promise.all([
        deps.store.probeStates(),
        deps.store.loads(),
        readUsage(),
        deps.store.usageEventCounts(),
        deps.store.notificationCounts(),
        deps.store.ping(),
      ]);
      up = answers;
    } catch (error) {
      up = false;
      events.storeFailed('read_snapshot');
      deps.log.warn({ err: error }, 'store unreadable; serving the last known state');
    }
    snapshot = {
      config,
      states,
      loads,
      usage,
      usageCounts,
      alertCounts,
      store: { kind: deps.store.kind, up },
      probesInFlight: scheduler?.inFlight() ?? 0,
      lastReloadSuccessful,
      lastReloadSuccessMs,
      version: deps.version,
    };
    return snapshot;
  }

  // Single flight: callers arriving during a refresh share the next one (the change feed is read
  // in order, one read at a time), so a hung store costs two refreshes, not one per caller.
  const sharedRefresh = coalesced(refresh);
  const lateSnapshot = (): MetricsSnapshot => {
    snapshot = { ...snapshot, store: { kind: deps.store.kind, up: false } };
    return snapshot;
  };
  const refreshWithinDeadline = () => withinDeadline(sharedRefresh(), SNAPSHOT_DEADLINE_MS, lateSnapshot);

  /** On-demand callers waiting for a probe (checkRegion), per region code. */
  const awaitingProbe = new Map<string, number>();
  /** Load reads sent beside the state write of a result a checkRegion caller waits for; taken once. */
  const loadsBeside = new WeakMap<ProbeResult, Promise<LoadReport | undefined>>();

  function regionLoad(code: string): Promise<LoadReport | undefined> {
    const lastKnown = () => snapshot.loads.find((report) => report.region === code);
    const read = deps.store.load(code).catch(() => {
      events.storeFailed('read_load');
      return lastKnown();
    });
    return withinDeadline(read, SNAPSHOT_DEADLINE_MS, lastKnown);
  }

  /** The last result while younger than ON_DEMAND_FRESH_MS, unless the caller asks for a fresh one. */
  function cachedResult(code: string, options: { readonly fresh?: boolean }): ProbeResult | undefined {
    const last = options.fresh ? undefined : monitor.lastResult(code);
    return last && now() - last.atMs < ON_DEMAND_FRESH_MS ? last.result : undefined;
  }

  async function checkRegion(code: string, options: { readonly fresh?: boolean } = {}) {
    if (!scheduler) throw new Error('probing has not started');
    const cached = cachedResult(code, options);
    if (cached) return { result: cached, load: regionLoad(code) };
    awaitingProbe.set(code, (awaitingProbe.get(code) ?? 0) + 1);
    let result: ProbeResult;
    try {
      result = await scheduler.probeNow(code);
    } finally {
      const left = (awaitingProbe.get(code) ?? 1) - 1;
      if (left > 0) awaitingProbe.set(code, left);
      else awaitingProbe.delete(code);
    }
    // The read beside this result's recording, made while this caller waited for it; else a new one.
    const beside = loadsBeside.get(result);
    loadsBeside.delete(result);
    return { result, load: beside ?? regionLoad(code) };
  }

  function startScheduler(): void {
    scheduler = (deps.createScheduler ?? createScheduler)({
      regions: config.regions,
      maxConcurrent: config.maxConcurrentProbes,
      runProbe,
      onResult: (region, result) => {
        const recording = monitor.recordResult(region, result);
        if (result.load === undefined && awaitingProbe.has(region.code)) loadsBeside.set(result, regionLoad(region.code));
        return recording;
      },
      onSkipped: (region, ticks) => {
        events.probeSkipped(region.code, ticks);
        deps.log.warn({ region: region.code, ticks }, 'previous probe was still running; skipped its ticks');
      },
    });
    scheduler.start();
  }

  async function reloadNow(): Promise<ReloadOutcome> {
    let next: PulseConfig;
    try {
      next = loadConfigFile(deps.configFile, deps.loadOptions);
    } catch (error) {
      lastReloadSuccessful = false;
      events.configReloaded(false);
      const message = (error as Error).message;
      deps.log.error({ file: deps.configFile, error: message }, 'config reload failed; keeping the running config');
      return { ok: false, error: message };
    }
    if (next.vantage.name !== config.vantage.name) {
      lastReloadSuccessful = false;
      events.configReloaded(false);
      const error = `${deps.configFile}: vantage: cannot change on reload (running as "${config.vantage.name}", got "${next.vantage.name}"); restart instead`;
      deps.log.error({ error }, 'config reload failed; keeping the running config');
      return { ok: false, error };
    }
    const previous = { config, scheduler };
    config = next;
    lastReloadSuccessful = true;
    lastReloadSuccessMs = Date.now();
    events.configReloaded(true);
    // Only a change to probing restarts the scheduler (which aborts the probes in flight).
    if (started && probingChanged(previous.config, next)) {
      await previous.scheduler?.stop();
      startScheduler();
    }
    deps.log.info({ regions: config.regions.length }, 'config reloaded');
    return { ok: true };
  }

  return {
    events,
    monitor,
    store: deps.store,
    placement: {
      store: deps.store,
      random: deps.random ?? Math.random,
      onStoreError: (operation, error) => {
        events.storeFailed(operation);
        deps.log.warn({ err: error, operation }, 'store unavailable for selection; placing on the last load reports');
      },
    },
    projectAlerts,
    live,
    config: () => config,
    ready: () => started,

    async start() {
      await monitor.restore();
      await projectAlerts?.start();
      startScheduler();
      live.start();
      started = true;
      deps.log.info({ regions: config.regions.length, vantage: config.vantage.name, store: deps.store.kind }, 'probing started');
      if (config.webhookTokenSha256 === undefined) deps.log.warn(`alert webhook is off: no token is configured (${WEBHOOK_TOKEN_SETTINGS})`);
    },

    reload() {
      const startMs = now();
      const waitMs = lastReloadStartMs + RELOAD_MIN_INTERVAL_MS - startMs;
      if (reloading || waitMs > 0) {
        const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
        const error = `a reload ran less than ${RELOAD_MIN_INTERVAL_MS} ms ago or is running; retry in ${retryAfterSeconds} s`;
        deps.log.warn({ error }, 'config reload refused');
        return Promise.resolve({ ok: false, error, retryAfterSeconds });
      }
      lastReloadStartMs = startMs;
      reloading = reloadNow().finally(() => (reloading = undefined));
      return reloading;
    },

    refreshSnapshot: refreshWithinDeadline,

    regionLoad,
    checkRegion,

    async stop() {
      started = false;
      projectAlerts?.stop();
      await scheduler?.stop();
      await live.stop();
    },
  };
}

/** Whether a new config probes differently (regions, their probes and health, concurrency). */
function probingChanged(before: PulseConfig, after: PulseConfig): boolean {
  // RegExps (body checks) compare by their source; JSON would make every one "{}".
  const probing = (config: PulseConfig) =>
    JSON.stringify({ regions: config.regions, max: config.maxConcurrentProbes }, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
  return probing(before) !== probing(after);
}
