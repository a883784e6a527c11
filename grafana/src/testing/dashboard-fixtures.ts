/** Small dashboards for tests, built with the real builders and then bent where a test needs it. */
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { pulseDashboard } from '../dashboard-builders/dashboard';
import { timeseriesPanel } from '../dashboard-builders/panels/timeseries';
import type { VariableBuilder } from '../dashboard-builders/variables';

/** A valid one-panel dashboard whose panel runs `exprs`, as JSON (the builders' objects carry methods). */
export function dashboardWithQueries(exprs: readonly string[], variables: readonly VariableBuilder[] = []): Dashboard {
  return asJson(pulseDashboard({
    uid: 'test',
    title: 'Test',
    description: 'A dashboard for tests.',
    tags: [],
    time: { from: 'now-1h', to: 'now' },
    refresh: '1m',
    variables,
    rows: [{ title: 'Row', panels: [timeseriesPanel({ title: 'Panel', description: 'A panel.', unit: units.Seconds, queries: exprs.map((expr) => ({ expr })) })] }],
  }));
}

export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The dashboard with its one panel changed by `change`. */
export function withPanel(dashboard: Dashboard, change: (panel: Panel) => Panel): Dashboard {
  return { ...dashboard, panels: (dashboard.panels ?? []).map((panel) => (panel.type === 'row' ? panel : change(asJson(panel as Panel)))) as (Panel | RowPanel)[] };
}
