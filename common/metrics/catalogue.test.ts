import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertMetrics, exporterMetrics, forecasterMetrics, forecastMetrics, probeMetrics, regionMetrics, streamMetrics, usageEventMetrics, usageMetrics, type MetricDefinition } from './catalogue';

const all: MetricDefinition[] = [probeMetrics, regionMetrics, exporterMetrics, usageMetrics, usageEventMetrics, alertMetrics, forecastMetrics, forecasterMetrics, streamMetrics].flatMap((group) => Object.values(group));

describe('the metric catalogue', () => {
  it('names every metric once', () => {
    const names = all.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('follows Prometheus naming: _total on counters only, unit suffixes, snake_case', () => {
    for (const metric of all) {
      expect(metric.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(metric.name.endsWith('_total')).toBe(metric.type === 'counter');
      if (metric.unit) expect(metric.name.replace(/_total$/, '')).toMatch(new RegExp(`_${metric.unit}$`));
      for (const label of metric.labels) expect(label).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('is documented in the README, metric by metric', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const missing = all.filter((m) => !readme.includes(`\`${m.name}\``)).map((m) => m.name);
    expect(missing).toEqual([]);
  });
});
