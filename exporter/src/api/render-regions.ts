/**
 * Pure render functions: state → the JSON the regions API answers with. Field names are the
 * original design's (seeds/000: RegionConfig, RegionHealth) where it has the fact; Pulse's own
 * facts sit beside them under their own names, one name per fact.
 */
import { HEALTH_STATES } from '../../../common/metrics/catalogue';
import type { PulseConfig, RegionConfig } from '../config/model';
import { averageLatencyMs } from '../health/latency-samples';
import type { ProbeResult } from '../probes/types';
import type { MetricsSnapshot } from '../metrics/state-gauges';
import type { LoadReport, ProbeStateRecord } from '../store/types';

const round3 = (value: number) => Math.round(value * 1000) / 1000;
const ms = (seconds: number) => round3(seconds * 1000);
const iso = (epochMs: number) => new Date(epochMs).toISOString();
/** Load as a percentage of capacity, two decimals: the seed's "load percentage". */
export const loadPercentage = (load: number, capacity: number) => (capacity > 0 ? Math.round((load / capacity) * 100 * 100) / 100 : 0);
/** A probe's round trip in ms, or null when it failed (a failure measures nothing about the region). */
const latencyOf = (result: ProbeResult | undefined) => (result?.success ? ms(result.durationSeconds) : null);

export function renderProbeResult(result: ProbeResult) {
  return {
    success: result.success,
    reason: result.reason ?? null,
    message: result.message ?? null,
    duration_ms: ms(result.durationSeconds),
    status_code: result.statusCode ?? null,
    phases_ms: result.phases ? Object.fromEntries(Object.entries(result.phases).map(([phase, s]) => [phase, ms(s)])) : null,
    tls_expires_at: result.tlsEarliestCertExpiry === undefined ? null : iso(result.tlsEarliestCertExpiry * 1000),
    load: result.load ?? null,
  };
}

function renderVantageState(record: ProbeStateRecord) {
  return {
    vantage: record.vantage,
    status: record.state,
    latency: latencyOf(record.result),
    average_latency: averageLatencyMs(record.latencySamplesMs) ?? null,
    last_check: iso(record.lastCheckMs),
    success: record.result.success,
    reason: record.result.reason ?? null,
  };
}

function ownState(snapshot: MetricsSnapshot, code: string): ProbeStateRecord | undefined {
  return snapshot.states.find((s) => s.region === code && s.vantage === snapshot.config.vantage.name);
}

function loadOf(snapshot: MetricsSnapshot, code: string): LoadReport | undefined {
  return snapshot.loads.find((l) => l.region === code);
}

/** One region as GET /api/v1/regions lists it (and /nearest answers it); health as this exporter's vantage point sees it. */
export function renderRegion(region: RegionConfig, snapshot: MetricsSnapshot) {
  const load = loadOf(snapshot, region.code);
  const own = ownState(snapshot, region.code);
  return {
    // The seed's RegionConfig. Pulse keeps no database row: the code is the id.
    id: region.code,
    code: region.code,
    name: region.name,
    livekit_url: region.url,
    is_active: region.active,
    priority: region.priority,
    max_capacity: region.capacity,
    current_load: load?.load ?? 0,
    health_status: own?.state ?? 'unknown',
    average_latency: averageLatencyMs(own?.latencySamplesMs) ?? null,
    failover_regions: region.failover,
    // Pulse's own facts.
    latitude: region.latitude,
    longitude: region.longitude,
    load_percentage: loadPercentage(load?.load ?? 0, region.capacity),
    load_source: load?.source ?? null,
    load_reported_at: load ? iso(load.atMs) : null,
    last_check: own ? iso(own.lastCheckMs) : null,
    vantage: snapshot.config.vantage.name,
    probe: { kind: region.probe.kind, target: region.probe.target, interval_ms: region.probe.intervalMs, timeout_ms: region.probe.timeoutMs },
  };
}

export type RenderedRegion = ReturnType<typeof renderRegion>;

/** GET /api/v1/regions/:code: the region, every vantage point's view, and this vantage point's last probe. */
export function renderRegionDetail(region: RegionConfig, snapshot: MetricsSnapshot) {
  const own = ownState(snapshot, region.code);
  return {
    ...renderRegion(region, snapshot),
    vantages: snapshot.states.filter((s) => s.region === region.code).map(renderVantageState),
    last_result: own ? renderProbeResult(own.result) : null,
  };
}

/** The seed's RegionHealth (status, latency, load percentage, last check), plus every vantage point's view. */
export function renderRegionHealth(region: RegionConfig, snapshot: MetricsSnapshot) {
  const own = ownState(snapshot, region.code);
  return {
    region_code: region.code,
    status: own?.state ?? 'unknown',
    latency: latencyOf(own?.result),
    load_percentage: loadPercentage(loadOf(snapshot, region.code)?.load ?? 0, region.capacity),
    last_check: own ? iso(own.lastCheckMs) : null,
    is_active: region.active,
    vantages: snapshot.states.filter((s) => s.region === region.code).map(renderVantageState),
  };
}

/** GET /api/v1/regions/:code/health: RegionHealth of a probe just made (or joined), with its result. */
export function renderProbedHealth(region: RegionConfig, vantage: string, probed: { state: string; result: ProbeResult; atMs: number; load: LoadReport | undefined }) {
  return {
    region_code: region.code,
    status: probed.state,
    latency: latencyOf(probed.result),
    load_percentage: loadPercentage(probed.load?.load ?? 0, region.capacity),
    last_check: iso(probed.atMs),
    is_active: region.active,
    vantage,
    result: renderProbeResult(probed.result),
  };
}

export function renderHealth(snapshot: MetricsSnapshot) {
  const regions = snapshot.config.regions.map((region) => renderRegionHealth(region, snapshot));
  return { regions, count: regions.length, vantage: snapshot.config.vantage.name };
}

export function renderStats(config: PulseConfig, snapshot: MetricsSnapshot) {
  const counts = Object.fromEntries([...HEALTH_STATES, 'unknown'].map((state) => [state, 0])) as Record<string, number>;
  const averages: number[] = [];
  let totalLoad = 0;
  for (const region of config.regions) {
    const own = ownState(snapshot, region.code);
    counts[own?.state ?? 'unknown']++;
    const average = averageLatencyMs(own?.latencySamplesMs);
    if (average !== undefined) averages.push(average);
    totalLoad += loadOf(snapshot, region.code)?.load ?? 0;
  }
  const totalCapacity = config.regions.reduce((sum, r) => sum + r.capacity, 0);
  return {
    total_regions: config.regions.length,
    active_regions: config.regions.filter((r) => r.active).length,
    healthy_regions: counts.healthy,
    degraded_regions: counts.degraded,
    down_regions: counts.down,
    unknown_regions: counts.unknown,
    total_capacity: totalCapacity,
    total_load: totalLoad,
    load_percentage: loadPercentage(totalLoad, totalCapacity),
    // The mean of the regions' average_latency, over the regions that have one.
    average_latency: averages.length ? round3(averages.reduce((a, b) => a + b, 0) / averages.length) : null,
    vantage: config.vantage.name,
    store: snapshot.store,
  };
}
