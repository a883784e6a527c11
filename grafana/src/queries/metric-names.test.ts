import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as catalogue from '../../../common/metrics/catalogue';
import type { MetricDefinition } from '../../../common/metrics/catalogue';
import { metricNameOf, nodesNamed, parsePromql } from '../promql/parse';
import { prometheusMetricNames, runtimeMetricNames } from '../runtime-metric-names';
import { allPanelQueries } from './all-panel-queries';

const GENERATED_RULES = join(__dirname, '..', '..', '..', 'alert-rules', 'generated');
const HISTOGRAM_SERIES = ['_bucket', '_count', '_sum'];

function recordedNames(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(GENERATED_RULES).filter((name) => name.endsWith('.rules.yml'))) {
    const { groups } = parse(readFileSync(join(GENERATED_RULES, file), 'utf8')) as { groups: { rules: { record?: string }[] }[] };
    for (const rule of groups.flatMap((group) => group.rules)) if (rule.record) names.add(rule.record);
  }
  return names;
}

function catalogueNames(): Set<string> {
  const groups = Object.values(catalogue as Record<string, unknown>).filter((value) => typeof value === 'object' && value !== null && !Array.isArray(value)) as Record<string, MetricDefinition>[];
  const definitions = groups.flatMap((group) => Object.values(group)).filter((def) => typeof def?.name === 'string');
  return new Set(definitions.flatMap((def) => (def.type === 'histogram' ? HISTOGRAM_SERIES.map((suffix) => def.name + suffix) : [def.name])));
}

const seriesRead = () =>
  allPanelQueries().flatMap((query) => {
    const parsed = parsePromql(query.expr);
    return nodesNamed(parsed, 'VectorSelector').flatMap((node) => metricNameOf(parsed, node) ?? []).map((name) => ({ name, where: `${query.dashboardUid} › ${query.panelTitle} (${query.refId})` }));
  });

describe('the series the dashboards read', () => {
  it('include only recording rules that alert-rules/generated defines', () => {
    const recorded = recordedNames();
    expect(seriesRead().filter((s) => s.name.includes(':') && !recorded.has(s.name))).toEqual([]);
  });

  it('all come from the catalogue, a recording rule, or the named lists of outside metrics', () => {
    const known = new Set([
      ...catalogueNames(),
      ...recordedNames(),
      ...Object.values(prometheusMetricNames),
      ...Object.values(runtimeMetricNames).flatMap((name) => [name, ...HISTOGRAM_SERIES.map((suffix) => name + suffix)]),
    ]);
    expect(seriesRead().filter((s) => !known.has(s.name))).toEqual([]);
  });

  it('cover every recording rule family the dashboards are meant to use', () => {
    const read = new Set(seriesRead().map((s) => s.name));
    for (const name of ['region:pulse_region_load_ratio:max', 'slo:error_budget_remaining:ratio', 'slo:error_budget:ratio', 'slo:sli_error:ratio_rate1h', 'project_region:pulse_usage_participant_minutes:increase1h']) {
      expect(read).toContain(name);
    }
  });
});
