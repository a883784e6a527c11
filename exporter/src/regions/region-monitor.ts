/**
 * Turns probe results and load reports into region state: classifies each result, advances the
 * health track of (region, this vantage point), counts it, and writes the new state to the store.
 * This is the one place where a probe result becomes state and metrics.
 */
import type { Logger } from '../../../common/log';
import type { RegionConfig } from '../config/model';
import { advance, classify, INITIAL_TRACK, type HealthTrack, type Transition } from '../health/health-track';
import { addLatencySample } from '../health/latency-samples';
import type { ProbeResult } from '../probes/types';
import type { LoadReport, Store } from '../store/types';
import { probeMayReplaceLoad } from './load-precedence';

/** Live counters fed by the monitor (prom-client in production, a recorder in tests). */
export interface ProbeEventSink {
  probeFinished(region: string, vantage: string, result: ProbeResult): void;
  stateChanged(region: string, vantage: string, transition: Transition): void;
  storeFailed(operation: string): void;
}

export interface RegionMonitorDeps {
  readonly store: Store;
  readonly vantage: string;
  readonly events: ProbeEventSink;
  readonly log: Logger;
  readonly now?: () => number;
}

export interface RegionMonitor {
  /** Reads this vantage point's health tracks back from the store (after a restart). */
  restore(): Promise<void>;
  recordResult(region: RegionConfig, result: ProbeResult): Promise<HealthTrack>;
  /**
   * Keeps the load here (classification never waits on the store) and stores it; resolves false
   * when the store did not take it (the load API then answers 503).
   */
  reportLoad(region: RegionConfig, load: number, source: LoadReport['source']): Promise<boolean>;
  /** The current track of a region from this vantage point. */
  track(code: string): HealthTrack;
  /** The last probe result recorded for a region, with when it was recorded. */
  lastResult(code: string): { readonly result: ProbeResult; readonly atMs: number } | undefined;
}

export function createRegionMonitor(deps: RegionMonitorDeps): RegionMonitor {
  const now = deps.now ?? Date.now;
  const tracks = new Map<string, HealthTrack>();
  const latencySamples = new Map<string, readonly number[]>();
  // The latest load per region, kept here so classification never waits on the store.
  const loads = new Map<string, LoadReport>();
  // One entry per configured region code (a reload may leave a few stale ones behind).
  const lastResults = new Map<string, { result: ProbeResult; atMs: number }>();

  /** Resolves whether the store took the write. */
  async function guarded(operation: string, action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      deps.events.storeFailed(operation);
      deps.log.warn({ err: error, operation }, 'store write failed; state kept in memory');
      return false;
    }
  }

  async function reportLoad(region: RegionConfig, load: number, source: LoadReport['source']): Promise<boolean> {
    const report: LoadReport = { region: region.code, load, source, atMs: now() };
    const known = loads.get(region.code);
    if (!known || known.atMs <= report.atMs) loads.set(region.code, report);
    return guarded('put_load', () => deps.store.putLoad(report));
  }

  return {
    async restore() {
      try {
        for (const record of await deps.store.probeStates()) {
          if (record.vantage !== deps.vantage) continue;
          tracks.set(record.region, { state: record.state, recent: record.recent });
          latencySamples.set(record.region, record.latencySamplesMs ?? []);
        }
        for (const report of await deps.store.loads()) loads.set(report.region, report);
      } catch (error) {
        deps.events.storeFailed('restore');
        deps.log.warn({ err: error }, 'could not restore state from the store; starting fresh');
      }
    },

    async recordResult(region, result) {
      if (result.load !== undefined && probeMayReplaceLoad(loads.get(region.code), now())) await reportLoad(region, result.load, 'probe');
      const load = loads.get(region.code)?.load;
      const loadRatio = load === undefined ? undefined : load / region.capacity;
      const outcome = classify(result, loadRatio, region.health);
      const { track, transition } = advance(tracks.get(region.code) ?? INITIAL_TRACK, outcome, region.health);
      tracks.set(region.code, track);
      const latencySamplesMs = addLatencySample(latencySamples.get(region.code) ?? [], result);
      latencySamples.set(region.code, latencySamplesMs);
      lastResults.set(region.code, { result, atMs: now() });
      deps.events.probeFinished(region.code, deps.vantage, result);
      if (transition) {
        deps.events.stateChanged(region.code, deps.vantage, transition);
        deps.log.info({ region: region.code, vantage: deps.vantage, ...transition, reason: result.reason }, 'region health changed');
      }
      await guarded('put_probe_state', () =>
        deps.store.putProbeState({ region: region.code, vantage: deps.vantage, state: track.state, recent: track.recent, lastCheckMs: now(), result, latencySamplesMs }),
      );
      return track;
    },

    reportLoad,

    track(code) {
      return tracks.get(code) ?? INITIAL_TRACK;
    },

    lastResult(code) {
      return lastResults.get(code);
    },
  };
}
