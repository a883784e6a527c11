/**
 * Every query of every panel, ready to run against Prometheus: what an end-to-end test executes to
 * prove each panel returns data. Variables are replaced by the values a user sees first (All, the
 * provisioned data source, the default horizon) unless the caller gives others.
 */
import type { Dashboard, Panel, RowPanel, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import { forecasterMetrics, forecastMetrics } from '../../../common/metrics/catalogue';
import { metricNamesIn, parsePromql } from '../promql/parse';
import { substituteVariables, type VariableValues } from './substitute-variables';

export interface PanelQuery {
  readonly dashboardUid: string;
  readonly panelTitle: string;
  readonly panelId: number;
  readonly refId: string;
  /** The query with every variable replaced: ready for /api/v1/query or /api/v1/query_range. */
  readonly expr: string;
  /** The query as the dashboard holds it. */
  readonly rawExpr: string;
  /** Grafana runs it once at the end of the range (stats, tables, the map) rather than over it. */
  readonly instant: boolean;
  /**
   * Set when an empty result is a normal state for this panel (no alert firing, no store error):
   * the panel shows this text instead of "No data". Every other query should return data.
   */
  readonly emptyMeans?: string;
  /** It reads what pulse-forecaster publishes, so it has data only once a forecaster has run. */
  readonly readsForecaster: boolean;
  /** The panel's own range ("30d") when it ignores the dashboard's. */
  readonly timeFrom?: string;
  /** The smallest step Grafana would use ("1h"). */
  readonly minStep?: string;
}

/**
 * Grafana's built-in variables, as Grafana would set them for a 1-hour range with a 15 s scrape
 * interval ($__rate_interval is at least four scrape intervals).
 */
export const DEFAULT_BUILTIN_VALUES: VariableValues = { __rate_interval: '1m', __interval: '15s', __range: '1h' };

/** What a dashboard's variables hold when it opens: their `current` value(s), All as its regex. */
export function initialVariableValues(variables: readonly VariableModel[]): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const variable of variables) {
    const current = variable.current?.value;
    if (current === undefined) continue;
    values[variable.name] = current === '$__all' ? (variable.allValue ?? '.*') : current;
  }
  return values;
}

const FORECASTER_SERIES = new Set<string>([...Object.values(forecastMetrics), ...Object.values(forecasterMetrics)].map((metric) => metric.name));

const readsForecaster = (expr: string): boolean => metricNamesIn(parsePromql(expr)).some((name) => FORECASTER_SERIES.has(name));

function panelsOf(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((panel) => (panel.type === 'row' ? ((panel as RowPanel).panels ?? []) : [panel as Panel]));
}

export function panelQueriesOf(dashboards: readonly Dashboard[], values: VariableValues = {}): PanelQuery[] {
  return dashboards.flatMap((dashboard) => {
    const all = { ...DEFAULT_BUILTIN_VALUES, ...initialVariableValues(dashboard.templating?.list ?? []), ...values };
    return panelsOf(dashboard).flatMap((panel) =>
      (panel.targets ?? []).map((target) => {
        const { expr, refId, instant, interval } = target as unknown as { expr: string; refId: string; instant?: boolean; interval?: string };
        const noValue = panel.fieldConfig?.defaults?.noValue;
        const substituted = substituteVariables(expr, all);
        return {
          dashboardUid: dashboard.uid!,
          panelTitle: panel.title ?? '',
          panelId: panel.id!,
          refId,
          expr: substituted,
          rawExpr: expr,
          instant: instant === true,
          readsForecaster: readsForecaster(substituted),
          ...(noValue !== undefined && { emptyMeans: noValue }),
          ...(panel.timeFrom !== undefined && { timeFrom: panel.timeFrom }),
          ...(interval !== undefined && { minStep: interval }),
        };
      }),
    );
  });
}
