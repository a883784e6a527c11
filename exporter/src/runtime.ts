/**
 * The running exporter without its HTTP surface: the current config, the store, the region
 * monitor, the probe scheduler, reloads, and the state snapshot that /metrics and the API read.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../common/log';
import type { LoadOptions } from './config/load';
import { loadConfigFile } from './config/load';
import type { PulseConfig } from './config/model';
import { createExporterEvents, type ExporterEvents } from './metrics/probe-events';
import { registerStateGauges, type MetricsSnapshot } from './metrics/state-gauges';
import { createUsageExposition, type UsageExposition } from './metrics/usage-exposition';
import { createProjectAlerts, type ProjectAlerts } from './project-alerts/project-alerts';
import { runProbe as defaultRunProbe } from './probes/registry';
import type { ProbeResult, ProbeSpec } from './probes/types';
import { createRegionMonitor, type RegionMonitor } from './regions/region-monitor';
import { createScheduler, type Scheduler, type SchedulerDeps } from './scheduler/scheduler';
import type { Store, UsageCursor } from './store/types';

export interface RuntimeDeps {
  readonly configFile: string;
  readonly loadOptions?: LoadOptions;
  readonly store: Store;
  readonly registry: Registry;
  readonly log: Logger;
  readonly version: string;
  readonly runProbe?: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;
  /** Where schedulers run: here (the default) or on the probe thread (probe-thread.ts). */
  readonly createScheduler?: (deps: SchedulerDeps) => Scheduler;
}

export type ReloadOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

export interface ExporterRuntime {
  readonly events: ExporterEvents;
  readonly monitor: RegionMonitor;
  readonly store: Store;
  /** Project alerts defined through the analytics API; undefined when `project_alerts` is not configured (set at start; a reload does not change it). */
  readonly projectAlerts?: ProjectAlerts;
  config(): PulseConfig;
  ready(): boolean;
  start(): Promise<void>;
  /** Re-reads the config file; a bad file keeps the running config and says why. */
  reload(): Promise<ReloadOutcome>;
  /** Refreshes the snapshot from the store (keeping the last one if the store fails). */
  refreshSnapshot(): Promise<MetricsSnapshot>;
  probeNow(code: string): Promise<ProbeResult>;
  stop(): Promise<void>;
}

/** Loads the config (throws if it is invalid: nothing starts on a bad config). */
export function createRuntime(deps: RuntimeDeps): ExporterRuntime {
  let config = loadConfigFile(deps.configFile, deps.loadOptions);
  const events = createExporterEvents(deps.registry);
  const monitor = createRegionMonitor({ store: deps.store, vantage: config.vantage.name, events, log: deps.log });
  const runProbe = deps.runProbe ?? defaultRunProbe;
  let scheduler: Scheduler | undefined;
  let started = false;
  let lastReloadSuccessful = true;
  let lastReloadSuccessMs = Date.now();
  // The usage series live between scrapes and follow the store's change feed: a scrape reads
  // what changed since the last one (every replica's writes), not every total.
  let usage = createUsageExposition();
  let usageCursor: UsageCursor | undefined;
  let refreshing: Promise<unknown> = Promise.resolve();
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
      [states, loads, , usageCounts, alertCounts] = await Promise.all([
        deps.store.probeStates(),
        deps.store.loads(),
        readUsage(),
        deps.store.usageEventCounts(),
        deps.store.notificationCounts(),
      ]);
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

  function startScheduler(): void {
    scheduler = (deps.createScheduler ?? createScheduler)({
      regions: config.regions,
      maxConcurrent: config.maxConcurrentProbes,
      runProbe,
      onResult: (region, result) => monitor.recordResult(region, result),
      onSkipped: (region, ticks) => {
        events.probeSkipped(region.code, ticks);
        deps.log.warn({ region: region.code, ticks }, 'previous probe was still running; skipped its ticks');
      },
    });
    scheduler.start();
  }

  return {
    events,
    monitor,
    store: deps.store,
    projectAlerts,
    config: () => config,
    ready: () => started,

    async start() {
      await monitor.restore();
      await projectAlerts?.start();
      startScheduler();
      started = true;
      deps.log.info({ regions: config.regions.length, vantage: config.vantage.name, store: deps.store.kind }, 'probing started');
    },

    async reload() {
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
      const previous = scheduler;
      config = next;
      lastReloadSuccessful = true;
      lastReloadSuccessMs = Date.now();
      events.configReloaded(true);
      if (started) {
        await previous?.stop();
        startScheduler();
      }
      deps.log.info({ regions: config.regions.length }, 'config reloaded');
      return { ok: true };
    },

    refreshSnapshot() {
      // One refresh at a time, each after the one before: the change feed is read in order.
      const next = refreshing.then(refresh);
      refreshing = next.catch(() => undefined);
      return next;
    },

    probeNow(code) {
      if (!scheduler) return Promise.reject(new Error('probing has not started'));
      return scheduler.probeNow(code);
    },

    async stop() {
      started = false;
      projectAlerts?.stop();
      await scheduler?.stop();
    },
  };
}
