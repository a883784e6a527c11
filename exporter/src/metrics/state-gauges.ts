/**
 * Gauges rendered at scrape time from the latest state snapshot: blackbox-compatible probe_*
 * metrics, region facts, health, load, and the exporter's own state.
 */
import type { Registry } from 'prom-client';
import { exporterMetrics, HEALTH_STATES, HTTP_PHASES, probeMetrics, regionMetrics } from '../../../common/metrics/catalogue';
import { scrapedGaugeOf } from '../../../common/metrics/prom';
import type { PulseConfig } from '../config/model';
import type { NotificationCount } from '../alerts/types';
import type { LoadReport, ProbeStateRecord } from '../store/types';
import type { UsageEventCounts } from '../usage/types';
import type { UsageExposition } from './usage-exposition';

export interface MetricsSnapshot {
  readonly config: PulseConfig;
  readonly states: readonly ProbeStateRecord[];
  readonly loads: readonly LoadReport[];
  /** The usage series, kept current from the store's change feed. */
  readonly usage: UsageExposition;
  readonly usageCounts: UsageEventCounts;
  readonly alertCounts: readonly NotificationCount[];
  readonly store: { readonly kind: string; readonly up: boolean };
  readonly probesInFlight: number;
  readonly lastReloadSuccessful: boolean;
  readonly lastReloadSuccessMs: number;
  readonly version: string;
}

export function registerStateGauges(registry: Registry, snapshot: () => MetricsSnapshot): void {
  registerProbeGauges(registry, snapshot);
  registerRegionGauges(registry, snapshot);
  registerExporterGauges(registry, snapshot);
}

/** Only regions still in the config are published (a reload may have removed some). */
function currentStates(s: MetricsSnapshot): ProbeStateRecord[] {
  const codes = new Set(s.config.regions.map((r) => r.code));
  return s.states.filter((state) => codes.has(state.region));
}

function registerProbeGauges(registry: Registry, snapshot: () => MetricsSnapshot): void {
  scrapedGaugeOf(probeMetrics.success, registry, (g) => {
    for (const s of currentStates(snapshot())) g.set({ region: s.region, vantage: s.vantage }, s.result.success ? 1 : 0);
  });
  scrapedGaugeOf(probeMetrics.duration, registry, (g) => {
    for (const s of currentStates(snapshot())) g.set({ region: s.region, vantage: s.vantage }, s.result.durationSeconds);
  });
  scrapedGaugeOf(probeMetrics.httpPhaseDuration, registry, (g) => {
    for (const s of currentStates(snapshot())) {
      const phases = s.result.phases;
      if (phases) for (const phase of HTTP_PHASES) g.set({ region: s.region, vantage: s.vantage, phase }, phases[phase]);
    }
  });
  scrapedGaugeOf(probeMetrics.httpStatusCode, registry, (g) => {
    for (const s of currentStates(snapshot())) {
      if (s.result.statusCode !== undefined) g.set({ region: s.region, vantage: s.vantage }, s.result.statusCode);
    }
  });
  scrapedGaugeOf(probeMetrics.sslEarliestCertExpiry, registry, (g) => {
    for (const s of currentStates(snapshot())) {
      if (s.result.tlsEarliestCertExpiry !== undefined) g.set({ region: s.region, vantage: s.vantage }, s.result.tlsEarliestCertExpiry);
    }
  });
}

function registerRegionGauges(registry: Registry, snapshot: () => MetricsSnapshot): void {
  const perRegion = (def: typeof regionMetrics.active, value: (r: PulseConfig['regions'][number]) => number) =>
    scrapedGaugeOf(def, registry, (g) => {
      for (const r of snapshot().config.regions) g.set({ region: r.code }, value(r));
    });
  scrapedGaugeOf(regionMetrics.info, registry, (g) => {
    for (const r of snapshot().config.regions) g.set({ region: r.code, name: r.name, latitude: String(r.latitude), longitude: String(r.longitude) }, 1);
  });
  perRegion(regionMetrics.active, (r) => (r.active ? 1 : 0));
  perRegion(regionMetrics.priority, (r) => r.priority);
  perRegion(regionMetrics.capacity, (r) => r.capacity);
  const loadOf = (code: string) => snapshot().loads.find((l) => l.region === code);
  scrapedGaugeOf(regionMetrics.load, registry, (g) => {
    for (const r of snapshot().config.regions) {
      const load = loadOf(r.code);
      if (load) g.set({ region: r.code }, load.load);
    }
  });
  scrapedGaugeOf(regionMetrics.loadRatio, registry, (g) => {
    for (const r of snapshot().config.regions) {
      const load = loadOf(r.code);
      if (load) g.set({ region: r.code }, load.load / r.capacity);
    }
  });
  scrapedGaugeOf(regionMetrics.healthState, registry, (g) => {
    for (const s of currentStates(snapshot())) {
      for (const state of HEALTH_STATES) g.set({ region: s.region, vantage: s.vantage, state }, s.state === state ? 1 : 0);
    }
  });
  scrapedGaugeOf(regionMetrics.lastCheck, registry, (g) => {
    for (const s of currentStates(snapshot())) g.set({ region: s.region, vantage: s.vantage }, s.lastCheckMs / 1000);
  });
}

function registerExporterGauges(registry: Registry, snapshot: () => MetricsSnapshot): void {
  scrapedGaugeOf(exporterMetrics.buildInfo, registry, (g) => {
    g.set({ component: 'exporter', version: snapshot().version, node_version: process.version }, 1);
  });
  scrapedGaugeOf(exporterMetrics.configReloadSuccess, registry, (g) => g.set(snapshot().lastReloadSuccessful ? 1 : 0));
  scrapedGaugeOf(exporterMetrics.configReloadTimestamp, registry, (g) => g.set(snapshot().lastReloadSuccessMs / 1000));
  scrapedGaugeOf(exporterMetrics.probesInFlight, registry, (g) => g.set(snapshot().probesInFlight));
  scrapedGaugeOf(exporterMetrics.storeUp, registry, (g) => {
    const { store } = snapshot();
    g.set({ store: store.kind }, store.up ? 1 : 0);
  });
}
