/**
 * The custom metrics an export job may name: the project's own only, looked up in the store (a
 * definition by its name, a recorded value by its name), so a key never reaches another project's
 * series — the export's queries also match the project label. A name may be both kinds; both are
 * exported. A name that is neither is named as the problem.
 */
import type { DefinitionExportMetric, ExportMetric, RecordedExportMetric, RequestedMetric } from '../../../export/src/custom-metrics';
import { USAGE_METRICS } from '../../../export/src/usage-metrics';
import type { FieldProblem } from '../api/request-body';
import { customMetricSeries } from '../custom-metrics/render';
import type { Store } from '../store/types';

/** A metric as asked for, with where it was asked (metrics[i]) for naming it if it is unknown. */
export interface AskedMetric {
  readonly field: string;
  readonly metric: RequestedMetric;
}

export type ProjectMetricLookup = Pick<Store, 'listCustomMetrics' | 'recordedTypes'>;

export async function resolveProjectMetrics(project: string, asked: readonly AskedMetric[], lookup: ProjectMetricLookup): Promise<{ metrics: ExportMetric[]; problems: FieldProblem[] }> {
  const names = asked.flatMap(({ metric }) => (metric.source === 'custom' ? [metric.name] : []));
  if (names.length === 0) return { metrics: asked.map(({ metric }) => metric as ExportMetric), problems: [] };
  const [definitions, recordedTypes] = await Promise.all([lookup.listCustomMetrics(project), lookup.recordedTypes(project, names)]);
  const problems: FieldProblem[] = [];
  const metrics = asked.flatMap(({ field, metric }): ExportMetric[] => {
    if (metric.source !== 'custom') return [metric];
    const type = recordedTypes.get(metric.name);
    const recorded: RecordedExportMetric[] = type === undefined ? [] : [{ source: 'recorded', name: metric.name, type }];
    const defined: DefinitionExportMetric[] = definitions.filter((d) => d.name === metric.name).map((d) => ({ source: 'definition', name: d.name, series: customMetricSeries(project, d) }));
    if (recorded.length + defined.length === 0) {
      problems.push({
        field,
        message: `unknown metric "${metric.name}": not a usage type (${USAGE_METRICS.map((m) => m.type).join(', ')}), nor a custom metric definition or recorded value of project "${project}"`,
      });
    }
    return [...recorded, ...defined];
  });
  return { metrics, problems };
}
