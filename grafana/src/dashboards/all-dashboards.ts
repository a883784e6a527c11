/** Every Pulse dashboard, in the order Grafana lists them. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardInputs } from '../inputs/dashboard-inputs';
import { alertsDashboard } from './alerts';
import { forecastDashboard } from './forecast';
import { internalsDashboard } from './internals';
import { regionsDashboard } from './regions';
import { usageDashboard } from './usage';

export function allDashboards(inputs: DashboardInputs): Dashboard[] {
  return [regionsDashboard(inputs), usageDashboard(inputs), forecastDashboard(inputs), alertsDashboard(), internalsDashboard(inputs)];
}
