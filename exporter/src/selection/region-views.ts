/**
 * Builds what selection needs to know about each region for one client: which vantage point
 * speaks for it (nearest to the client's location, else the default), and per region the health
 * and latency seen from there, overridden by latencies the client measured itself.
 */
import type { PulseConfig, Vantage } from '../config/model';
import type { LoadReport, ProbeStateRecord } from '../store/types';
import { distanceKm, type ClientLocation } from './client-location';
import type { PredictedLoad } from './predicted-load';
import type { RegionView } from './select-region';

/** Probe state older than this many intervals is ignored: its vantage point stopped reporting. */
const STALE_AFTER_INTERVALS = 3;

export interface ViewInputs {
  readonly config: PulseConfig;
  readonly states: readonly ProbeStateRecord[];
  readonly loads: readonly LoadReport[];
  readonly clientLocation?: ClientLocation;
  readonly clientLatencies?: Readonly<Record<string, number>>;
  readonly nowMs: number;
  /** The load to weigh per region (spread); without it, the last report (lowest_score, the seed's rule). */
  readonly predictedLoads?: ReadonlyMap<string, PredictedLoad>;
}

export function chooseVantage(config: PulseConfig, states: readonly ProbeStateRecord[], location?: ClientLocation): Vantage {
  const fallback = config.vantages.find((v) => v.name === config.defaultVantage) ?? config.vantage;
  if (!location) return fallback;
  const reporting = new Set(states.map((s) => s.vantage));
  const candidates = config.vantages.filter((v) => reporting.has(v.name));
  if (candidates.length === 0) return fallback;
  return candidates.reduce((best, v) => (distanceKm(location, v) < distanceKm(location, best) ? v : best));
}

export function buildRegionViews(inputs: ViewInputs): { vantage: Vantage; views: RegionView[] } {
  const { config, nowMs } = inputs;
  const fresh = inputs.states.filter((s) => {
    const region = config.regions.find((r) => r.code === s.region);
    return region !== undefined && nowMs - s.lastCheckMs <= STALE_AFTER_INTERVALS * region.probe.intervalMs;
  });
  const vantage = chooseVantage(config, fresh, inputs.clientLocation);
  const views = config.regions.map((region): RegionView => {
    const record =
      fresh.find((s) => s.region === region.code && s.vantage === vantage.name) ??
      fresh.find((s) => s.region === region.code && s.vantage === config.vantage.name);
    const predicted = inputs.predictedLoads?.get(region.code);
    const load = predicted?.load ?? inputs.loads.find((l) => l.region === region.code)?.load ?? 0;
    const clientLatency = inputs.clientLatencies?.[region.code];
    const measured = record?.result.success ? record.result.durationSeconds * 1000 : undefined;
    return {
      region,
      state: record?.state ?? 'unknown',
      latencyMs: clientLatency ?? measured,
      latencySource: clientLatency !== undefined ? 'client' : measured !== undefined ? 'vantage' : 'none',
      loadRatio: load / region.capacity,
      loadBasis: predicted?.basis ?? 'report',
    };
  });
  return { vantage, views };
}
