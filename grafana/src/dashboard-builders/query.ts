/** Prometheus targets: every one through the datasource variable, with a refId from its position. */
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { DATASOURCE_REF } from '../datasource';

export interface QuerySpec {
  readonly expr: string;
  /** Legend template ("{{region}}"); the series name in tooltips and overrides. */
  readonly legend?: string;
  /** Evaluate once at the end of the range (stat values, table rows, the map) instead of over it. */
  readonly instant?: boolean;
  /** Rows with one column per label, for tables, the map and transformations. */
  readonly table?: boolean;
  /** Smallest step Grafana may use ("1h" for hourly bars). */
  readonly minStep?: string;
}

/** A, B, … Z: Grafana's refIds, which overrides and transformations name ("Value #B"). */
export const refIdAt = (index: number): string => String.fromCharCode(65 + index);

export function prometheusTarget(query: QuerySpec, index: number): DataqueryBuilder {
  const target = new DataqueryBuilder().datasource(DATASOURCE_REF).refId(refIdAt(index)).expr(query.expr);
  if (query.legend !== undefined) target.legendFormat(query.legend);
  if (query.instant) target.instant();
  else target.range();
  if (query.table) target.format(PromQueryFormat.Table);
  if (query.minStep !== undefined) target.interval(query.minStep);
  return target;
}
