/**
 * One usage series (project × region × type) as a single string, for map keys and Redis hash
 * fields. JSON rather than a separator: project and region names may contain any character.
 */
import { USAGE_TYPES, type UsageTotal, type UsageType } from '../usage/types';

export interface UsageSeries {
  readonly project: string;
  readonly region: string;
  readonly type: UsageType;
}

export function seriesField(series: UsageSeries): string {
  return JSON.stringify([series.project, series.region, series.type]);
}

export function parseSeriesField(field: string): UsageSeries {
  const parsed: unknown = JSON.parse(field);
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`usage series field ${JSON.stringify(field)}: expected ["project","region","type"]`);
  }
  const [project, region, type] = parsed as string[];
  if (!(USAGE_TYPES as readonly string[]).includes(type)) {
    throw new Error(`usage series field ${JSON.stringify(field)}: unknown usage type ${JSON.stringify(type)}`);
  }
  return { project, region, type: type as UsageType };
}

/** Totals in a stable order (project, region, type), whatever order the store keeps them in. */
export function sortTotals(totals: UsageTotal[]): UsageTotal[] {
  // Each key is built once: building it inside the comparison doubled the cost of a scrape.
  const keyed = totals.map((total) => ({ key: seriesField(total), total }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ total }) => total);
}
