/** Every metric of the shared catalogue by name, so specs can only name metrics that exist. */
import * as catalogue from '../../../common/metrics/catalogue';
import type { MetricDefinition } from '../../../common/metrics/catalogue';

export function catalogueIndex(): ReadonlyMap<string, MetricDefinition> {
  const index = new Map<string, MetricDefinition>();
  for (const group of Object.values(catalogue)) {
    if (group === null || typeof group !== 'object' || Array.isArray(group)) continue;
    for (const def of Object.values(group as Record<string, unknown>)) {
      if (isDefinition(def)) index.set(def.name, def);
    }
  }
  return index;
}

function isDefinition(value: unknown): value is MetricDefinition {
  return typeof value === 'object' && value !== null && typeof (value as MetricDefinition).name === 'string' && Array.isArray((value as MetricDefinition).labels);
}
