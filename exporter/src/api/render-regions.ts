/** Pure render functions: state → the JSON the regions API answers with. */
import { HEALTH_STATES } from '../../../common/metrics/catalogue';
import type { PulseConfig, RegionConfig } from '../config/model';
import type { ProbeResult } from '../probes/types';
import type { MetricsSnapshot } from '../metrics/state-gauges';
import type { ProbeStateRecord } from '../store/types';

const ms = (seconds: number) => Math.round(seconds * 1000 * 1000) / 1000;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

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
    state: record.state,
    last_check: iso(record.lastCheckMs),
    latency_ms: ms(record.result.durationSeconds),
    success: record.result.success,
    reason: record.result.reason ?? null,
  };
}

function ownState(snapshot: MetricsSnapshot, code: string): ProbeStateRecord | undefined {
  return snapshot.states.find((s) => s.region === code && s.vantage === snapshot.config.vantage.name);
}

export function renderRegion(region: RegionConfig, snapshot: MetricsSnapshot) {
  const load = snapshot.loads.find((l) => l.region === region.code);
  const own = ownState(snapshot, region.code);
  return {
    code: region.code,
    name: region.name,
    url: region.url,
    latitude: region.latitude,
    longitude: region.longitude,
    priority: region.priority,
    capacity: region.capacity,
    failover: region.failover,
    active: region.active,
    state: own?.state ?? 'unknown',
    latency_ms: own?.result.success ? ms(own.result.durationSeconds) : null,
    load: load?.load ?? null,
    load_ratio: load ? load.load / region.capacity : null,
    load_source: load?.source ?? null,
    last_check: own ? iso(own.lastCheckMs) : null,
    probe: { kind: region.probe.kind, target: region.probe.target, interval_ms: region.probe.intervalMs, timeout_ms: region.probe.timeoutMs },
  };
}

export function renderRegionDetail(region: RegionConfig, snapshot: MetricsSnapshot) {
  const states = snapshot.states.filter((s) => s.region === region.code);
  const own = ownState(snapshot, region.code);
  return {
    ...renderRegion(region, snapshot),
    health: states.map(renderVantageState),
    last_result: own ? renderProbeResult(own.result) : null,
  };
}

export function renderHealth(snapshot: MetricsSnapshot) {
  return {
    vantage: snapshot.config.vantage.name,
    regions: snapshot.config.regions.map((region) => ({
      code: region.code,
      active: region.active,
      state: ownState(snapshot, region.code)?.state ?? 'unknown',
      vantages: snapshot.states.filter((s) => s.region === region.code).map(renderVantageState),
    })),
  };
}

export function renderStats(config: PulseConfig, snapshot: MetricsSnapshot) {
  const counts = Object.fromEntries([...HEALTH_STATES, 'unknown'].map((state) => [state, 0])) as Record<string, number>;
  const latencies: number[] = [];
  let totalLoad = 0;
  for (const region of config.regions) {
    const own = ownState(snapshot, region.code);
    counts[own?.state ?? 'unknown']++;
    if (own?.result.success) latencies.push(own.result.durationSeconds);
    totalLoad += snapshot.loads.find((l) => l.region === region.code)?.load ?? 0;
  }
  const totalCapacity = config.regions.reduce((sum, r) => sum + r.capacity, 0);
  return {
    vantage: config.vantage.name,
    regions: config.regions.length,
    active: config.regions.filter((r) => r.active).length,
    states: counts,
    total_load: totalLoad,
    total_capacity: totalCapacity,
    load_ratio: totalCapacity > 0 ? totalLoad / totalCapacity : 0,
    average_latency_ms: latencies.length ? ms(latencies.reduce((a, b) => a + b, 0) / latencies.length) : null,
    store: snapshot.store,
  };
}
