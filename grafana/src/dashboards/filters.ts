/**
 * The variables the dashboards share (project, region, vantage) and the matchers that apply them,
 * so a query filters by `region=~"$region"` the same way everywhere.
 */
import { regionMetrics, usageMetrics, USAGE_TYPES } from '../../../common/metrics/catalogue';
import { labelVariable, type VariableBuilder } from '../dashboard-builders/variables';
import { fromVariable, oneOfValues, selector, type Matchers } from '../promql/selector';

export const byProject: Matchers = { project: fromVariable('project') };
export const byRegion: Matchers = { region: fromVariable('region') };
export const byVantage: Matchers = { vantage: fromVariable('vantage') };
export const byProjectAndRegion: Matchers = { ...byProject, ...byRegion };

/** Projects appear once they report usage of any type. */
export function projectVariable(): VariableBuilder {
  return labelVariable({
    name: 'project',
    label: 'Project',
    description: 'Projects that reported usage of any type in the time range.',
    series: selector('', { __name__: oneOfValues(USAGE_TYPES.map((type) => usageMetrics[type].name)) }),
    labelName: 'project',
  });
}

export function regionVariable(): VariableBuilder {
  return labelVariable({ name: 'region', label: 'Region', description: 'Regions in the exporter configuration.', series: regionMetrics.info.name, labelName: 'region' });
}

export function vantageVariable(): VariableBuilder {
  return labelVariable({
    name: 'vantage',
    label: 'Vantage point',
    description: 'Exporters probing the regions, each from its own place.',
    series: regionMetrics.healthState.name,
    labelName: 'vantage',
  });
}
