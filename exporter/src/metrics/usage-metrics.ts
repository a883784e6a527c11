/**
 * Usage and alert-notification totals, read from the store at scrape time. With the Redis store
 * every replica reads the same totals, so rules aggregate them with `max without (instance)`.
 */
import type { Registry } from 'prom-client';
import { alertMetrics, usageEventMetrics, usageMetrics, USAGE_TYPES } from '../../../common/metrics/catalogue';
import { scrapedCounterOf, scrapedGaugeOf } from '../../../common/metrics/prom';
import type { MetricsSnapshot } from './state-gauges';

export function registerUsageMetrics(registry: Registry, snapshot: () => MetricsSnapshot): void {
  for (const type of USAGE_TYPES) {
    const def = usageMetrics[type];
    const fill = (set: (labels: { project: string; region: string }, value: number) => void) => {
      for (const total of snapshot().usageTotals) if (total.type === type) set({ project: total.project, region: total.region }, total.value);
    };
    if (def.type === 'gauge') scrapedGaugeOf(def, registry, (g) => fill((labels, value) => g.set(labels, value)));
    else scrapedCounterOf(def, registry, fill);
  }
  scrapedCounterOf(usageEventMetrics.events, registry, (set) => {
    const counts = snapshot().usageCounts;
    set({ result: 'accepted' }, counts.accepted);
    set({ result: 'duplicate' }, counts.duplicate);
    set({ result: 'rejected' }, counts.rejected);
  });
  scrapedCounterOf(alertMetrics.notifications, registry, (set) => {
    for (const c of snapshot().alertCounts) set({ alertname: c.alertname, severity: c.severity, status: c.status }, c.count);
  });
}
