/**
 * `allPanelQueries()`: the queries of the committed dashboards (grafana/dashboards/*.json, which
 * a test keeps equal to what grafana/src generates), exactly as Grafana will load them.
 *
 *   import { allPanelQueries } from '../grafana/src/queries/all-panel-queries';
 *   for (const q of allPanelQueries({ __rate_interval: '30s' })) { … q.expr … }
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { panelQueriesOf, type PanelQuery } from './panel-queries';
import type { VariableValues } from './substitute-variables';

export const COMMITTED_DASHBOARDS = join(__dirname, '..', '..', 'dashboards');

export function readCommittedDashboards(dir: string = COMMITTED_DASHBOARDS): Dashboard[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      try {
        return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Dashboard;
      } catch (error) {
        throw new Error(`read dashboard ${join(dir, name)}: ${(error as Error).message}`, { cause: error });
      }
    });
}

/** Every panel query of every committed dashboard, variables replaced by `values` or their initial values. */
export function allPanelQueries(values: VariableValues = {}): PanelQuery[] {
  return panelQueriesOf(readCommittedDashboards(), values);
}

export type { PanelQuery, VariableValues };
