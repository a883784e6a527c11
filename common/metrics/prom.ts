/** prom-client metrics built from catalogue definitions, so names and labels are never typed twice. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MetricDefinition } from './catalogue';

type Labels<D extends MetricDefinition> = D['labels'][number];

export function counterOf<D extends MetricDefinition>(def: D, registry: Registry): Counter<Labels<D>> {
  assertType(def, 'counter');
  // prom-client appends _total itself; the catalogue holds the full exposed name.
  return new Counter({ name: def.name, help: def.help, labelNames: def.labels as Labels<D>[], registers: [registry] });
}

export function histogramOf<D extends MetricDefinition>(def: D, registry: Registry): Histogram<Labels<D>> {
  assertType(def, 'histogram');
  return new Histogram({ name: def.name, help: def.help, labelNames: def.labels as Labels<D>[], buckets: [...(def.buckets ?? [])], registers: [registry] });
}

/** A gauge whose values are set at scrape time by `fill`, from the latest state snapshot. */
export function scrapedGaugeOf<D extends MetricDefinition>(def: D, registry: Registry, fill: (gauge: Gauge<Labels<D>>) => void): Gauge<Labels<D>> {
  assertType(def, 'gauge');
  return new Gauge({
    name: def.name,
    help: def.help,
    labelNames: def.labels as Labels<D>[],
    registers: [registry],
    collect() {
      this.reset();
      fill(this);
    },
  });
}

/** A counter whose totals come from the store at scrape time (shared by replicas), set by `fill`. */
export function scrapedCounterOf<D extends MetricDefinition>(def: D, registry: Registry, fill: (set: (labels: Partial<Record<Labels<D>, string>>, value: number) => void) => void): Counter<Labels<D>> {
  assertType(def, 'counter');
  return new Counter({
    name: def.name,
    help: def.help,
    labelNames: def.labels as Labels<D>[],
    registers: [registry],
    collect() {
      this.reset();
      fill((labels, value) => this.inc(labels, value));
    },
  });
}

function assertType(def: MetricDefinition, type: MetricDefinition['type']): void {
  if (def.type !== type) throw new Error(`metric ${def.name} is a ${def.type} in the catalogue, not a ${type}`);
}
