import { buildUsageQuery, labelMatcher, promqlString, regexLiteral } from './promql';
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
