/**
 * A Pulse dashboard from its parts: the shared settings every one of them has (tag, links,
 * datasource variable, read-only, a uid that never changes) and its own rows of panels.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { DashboardBuilder, DashboardCursorSync, RowBuilder, type Dashboard, type DashboardLink, type Panel, type RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PULSE_TAG, pulseDashboardsLink } from './links';
import { datasourceVariable, type VariableBuilder } from './variables';

export interface RowSpec {
  readonly title: string;
  /** Collapsed rows load their panels only when opened: detail below the fold. */
  readonly collapsed?: boolean;
  readonly panels: readonly cog.Builder<Panel>[];
}

export interface PulseDashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Tags besides `pulse`. */
  readonly tags: readonly string[];
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  /** Variables after `datasource`, which every dashboard has first. */
  readonly variables: readonly VariableBuilder[];
  readonly rows: readonly RowSpec[];
  /** Links besides the one to the other Pulse dashboards. */
  readonly links?: readonly cog.Builder<DashboardLink>[];
}

export function pulseDashboard(spec: PulseDashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([PULSE_TAG, ...spec.tags])
    // Generated from code and provisioned read-only: a change made in the UI would be lost.
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ ...spec.time })
    .refresh(spec.refresh)
    .timezone('browser')
    .withVariable(datasourceVariable())
    .link(pulseDashboardsLink());
  for (const variable of spec.variables) builder.withVariable(variable);
  for (const link of spec.links ?? []) builder.link(link);
  for (const row of spec.rows) addRow(builder, row);
  return finish(builder.build());
}

function addRow(builder: DashboardBuilder, row: RowSpec): void {
  if (row.collapsed) {
    const collapsed = new RowBuilder(row.title).collapsed(true);
    for (const panel of row.panels) collapsed.withPanel(panel);
    builder.withRow(collapsed);
    return;
  }
  builder.withRow(new RowBuilder(row.title));
  for (const panel of row.panels) builder.withPanel(panel);
}

/**
 * Numbers every panel in order (Grafana needs ids to link to a panel, and stable ones keep the
 * generated JSON stable), and leaves links where Grafana shows them by default: the SDK places
 * them in the controls menu, where nobody finds the way to the other dashboards.
 */
function finish(dashboard: Dashboard): Dashboard {
  let next = 1;
  const number = <P extends Panel | RowPanel>(panel: P): P => {
    const id = next++;
    if (panel.type === 'row') {
      const row = panel as RowPanel;
      return { ...row, id, panels: row.panels.map((inner) => number(inner)) } as P;
    }
    return { ...panel, id };
  };
  return {
    ...dashboard,
    panels: (dashboard.panels ?? []).map((panel) => number(panel)),
    links: (dashboard.links ?? []).map(({ placement: _placement, ...link }) => link),
  };
}
