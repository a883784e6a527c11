/**
 * A dashboard as the lint rules see it: its panels (rows flattened, collapsed or not), its
 * variables, and every Prometheus target parsed once.
 *
 * Before parsing, each Grafana variable is replaced by a duration no query would write by hand
 * (`1y1ms`, `2y2ms`, …). A duration is valid both where variables stand for durations
 * (`[$__rate_interval]`, `offset $horizon`) and inside label values (`region=~"$region"`), so
 * every query parses, and a rule can still tell which variable stood where.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard, Panel, RowPanel, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import { substituteVariables, variablesIn } from '../queries/substitute-variables';
import { parsePromql, type ParsedPromql } from '../promql/parse';

export interface LintTarget {
  readonly panel: Panel;
  readonly refId: string;
  /** The query as written in the dashboard. */
  readonly expr: string;
  /** The query with variables replaced by their stand-ins, parsed. */
  readonly parsed: ParsedPromql;
  /** The variable a stand-in replaced (`1y1ms` → `__rate_interval`), if `text` is one. */
  readonly variableOf: (text: string) => string | undefined;
  readonly datasource?: DataSourceRef;
}

export interface LintSubject {
  readonly dashboard: Dashboard;
  readonly rows: readonly RowPanel[];
  readonly panels: readonly Panel[];
  readonly variables: readonly VariableModel[];
  readonly targets: readonly LintTarget[];
}

const standIn = (index: number): string => `${index + 1}y${index + 1}ms`;

function lintTarget(panel: Panel, target: Record<string, unknown>): LintTarget {
  const expr = typeof target.expr === 'string' ? target.expr : '';
  const names = variablesIn(expr);
  const values = Object.fromEntries(names.map((name, index) => [name, standIn(index)]));
  const byStandIn = new Map(names.map((name, index) => [standIn(index), name]));
  return {
    panel,
    refId: typeof target.refId === 'string' ? target.refId : '?',
    expr,
    parsed: parsePromql(substituteVariables(expr, values)),
    variableOf: (text) => byStandIn.get(text),
    datasource: target.datasource as DataSourceRef | undefined,
  };
}

export function lintSubject(dashboard: Dashboard): LintSubject {
  const top = dashboard.panels ?? [];
  const rows = top.filter((panel): panel is RowPanel => panel.type === 'row');
  const panels = [...top.filter((panel): panel is Panel => panel.type !== 'row'), ...rows.flatMap((row) => row.panels ?? [])];
  const targets = panels.flatMap((panel) => (panel.targets ?? []).map((target) => lintTarget(panel, target as unknown as Record<string, unknown>)));
  return { dashboard, rows, panels, variables: dashboard.templating?.list ?? [], targets };
}
