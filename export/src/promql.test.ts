import { buildUsageQuery, labelMatcher, promqlString, regexLiteral, exportQueries } from './promql';
import { usageMetric } from './usage-metrics';

describe('promqlString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(promqlString('plain')).toBe('"plain"');
    expect(promqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(promqlString('line\nbreak\ttab\u0001')).toBe('"line\\nbreak\\ttab\\u0001"');
    expect(promqlString('ünï')).toBe('"ünï"');
  });
});

describe('regexLiteral', () => {
  it('escapes every RE2 metacharacter so the value matches only itself', () => {
    expect(regexLiteral('a.b*c+d?(e)|[f]{g}^h$\\i')).toBe('a\\.b\\*c\\+d\\?\\(e\\)\\|\\[f\\]\\{g\\}\\^h\\$\\\\i');
    const pattern = new RegExp(`^(?:${regexLiteral('ac.me')})$`);
    expect(pattern.test('ac.me')).toBe(true);
    expect(pattern.test('acme')).toBe(false);
  });
});

describe('labelMatcher', () => {
  it('uses equality for one value and escaped alternatives for several', () => {
    expect(labelMatcher('project', [])).toBeUndefined();
    expect(labelMatcher('project', ['ac.me'])).toBe('project="ac.me"');
    expect(labelMatcher('project', ['ac.me', 'b"c', 'ac.me'])).toBe('project=~"ac\\\\.me|b\\"c"');
  });
});

describe('buildUsageQuery', () => {
  it('sums increases per project and region after collapsing replicas with max', () => {
    expect(buildUsageQuery({ metric: usageMetric('participant_minutes'), stepMs: 3_600_000, projects: [], regions: [] })).toBe(
      'sum by (project, region) (max without (instance, pod, job) (increase(pulse_usage_participant_minutes_total[1h])))',
    );
  });

  it('takes the last level of the storage gauge in each step', () => {
    expect(buildUsageQuery({ metric: usageMetric('storage_bytes'), stepMs: 86_400_000, projects: ['acme'], regions: ['eu-west', 'us-east'] })).toBe(
      'sum by (project, region) (max without (instance, pod, job) (max_over_time(pulse_usage_storage_bytes{project="acme", region=~"eu-west|us-east"}[1d])))',
    );
  });
});

describe('exportQueries of custom metrics', () => {
  const scope = { stepMs: 3_600_000, projects: ['acme'], regions: [] };

  it("reads a recorded counter's increase and a gauge's peak per step, replicas counted once", () => {
    expect(exportQueries({ source: 'recorded', name: 'revenue', type: 'counter' }, scope).map((q) => q.query)).toEqual([
      'max without (instance, pod, job) (increase(pulse_custom_revenue_total{project="acme"}[1h]))',
    ]);
    expect(exportQueries({ source: 'recorded', name: 'cpu_usage', type: 'gauge' }, scope).map((q) => q.query)).toEqual([
      'max without (instance, pod, job) (max_over_time(pulse_custom_cpu_usage{project="acme"}[1h]))',
    ]);
  });

  it('reads a histogram as three queries, its buckets, sum and count, each named in the metric column', () => {
    const queries = exportQueries({ source: 'recorded', name: 'checkout_seconds', type: 'histogram' }, { ...scope, regions: ['eu-west'] });
    expect(queries.map((q) => q.query)).toEqual(
      ['bucket', 'sum', 'count'].map((part) => `max without (instance, pod, job) (increase(pulse_custom_checkout_seconds_observations_${part}{project="acme", region="eu-west"}[1h]))`),
    );
    expect(queries.map((q) => q.metricOf({ project: 'acme', category: 'performance', le: '0.5', zone: 'b', app: 'a"b' }))).toEqual([
      'checkout_seconds_bucket{app="a\\"b",le="0.5",zone="b"}',
      'checkout_seconds_sum{app="a\\"b",le="0.5",zone="b"}',
      'checkout_seconds_count{app="a\\"b",le="0.5",zone="b"}',
    ]);
  });

  it("reads a definition's series as its mean over the step, named by the series", () => {
    const [query] = exportQueries({ source: 'definition', name: 'eu_minutes', series: 'project:eu_minutes:sum_rate5m' }, { ...scope, projects: [] });
    expect(query.query).toBe('avg_over_time(project:eu_minutes:sum_rate5m{}[1h])');
    expect(query.metricOf({ project: 'acme' })).toBe('project:eu_minutes:sum_rate5m');
  });
});
