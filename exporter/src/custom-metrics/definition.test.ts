import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../testing/promtool';
import { renderProjectRules } from '../project-rules/rule-file';
import { createCustomMetricBody, replaceCustomMetricBody, validateCustomMetric } from './definition';
import { customMetricGroups, customMetricSeries } from './render';
import { INVALID_CUSTOM_METRIC_BODIES, validCustomMetricBody } from './testing/metric-bodies';
import type { CustomMetric } from './types';

function metricOf(body: Record<string, unknown>, id = '0123456789abcdef01234567'): CustomMetric {
  const parsed = validateCustomMetric(createCustomMetricBody, body, 'acme');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { id, project_id: 'acme', ...parsed.value, created_at: '2026-12-07T00:00:00.000Z', updated_at: '2026-12-07T00:00:00.000Z' };
}

describe('validating a custom metric body', () => {
  it.each(INVALID_CUSTOM_METRIC_BODIES.map((c) => [c.name, c] as const))('refuses %s, naming the field', (_name, invalid) => {
    const parsed = validateCustomMetric(createCustomMetricBody, invalid.body, 'acme');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toContain(invalid.field);
  });

  it('holds at least 40 invalid bodies', () => {
    expect(INVALID_CUSTOM_METRIC_BODIES.length).toBeGreaterThanOrEqual(40);
  });

  it('accepts the bounds: a name of 64 characters, a description of 500, a unit of 20, a match value of 100', () => {
    for (const overrides of [
      { name: 'x'.repeat(64) },
      { description: 'x'.repeat(500) },
      { unit: 'x'.repeat(20) },
      { query: { metric: 'participant_minutes', match: { region: 'x'.repeat(100) } } },
    ]) {
      expect(validateCustomMetric(createCustomMetricBody, validCustomMetricBody(overrides), 'acme')).toMatchObject({ ok: true });
    }
  });

  it('takes every aggregation over a counter', () => {
    for (const aggregation of ['sum', 'avg', 'min', 'max', 'count']) {
      expect(validateCustomMetric(createCustomMetricBody, validCustomMetricBody({ aggregation }), 'acme')).toMatchObject({ ok: true });
    }
  });

  it('refuses a PUT body naming another project than its path', () => {
    const parsed = validateCustomMetric(replaceCustomMetricBody, validCustomMetricBody({ project_id: 'globex' }), 'acme');
    expect(parsed).toMatchObject({ ok: false, problems: [{ field: 'project_id', message: 'must be the project of the path, "acme" (got "globex")' }] });
  });

  it('defaults to active, no description, no match and no grouping', () => {
    const body = validCustomMetricBody({ query: { metric: 'storage_bytes' }, metric_type: 'gauge' });
    delete body.is_active;
    delete body.description;
    expect(validateCustomMetric(createCustomMetricBody, body, 'acme')).toMatchObject({ ok: true, value: { is_active: true, description: '', query: { match: {}, by: [] } } });
  });
});

describe('rendering custom metrics', () => {
  it('records a counter as a rate of the project’s matching usage, named level:metric:operations', () => {
    const metric = metricOf(validCustomMetricBody());
    const [group] = customMetricGroups('acme', [metric]);
    expect(group).toEqual({
      name: 'project-custom-metrics:acme',
      rules: [
        {
          kind: 'record',
          record: 'project:eu_participant_minutes:sum_rate5m',
          expr: 'sum by (project) (max without (instance, pod, job) (rate(pulse_usage_participant_minutes_total{region="eu-west", project="acme"}[5m])))',
        },
      ],
    });
    expect(customMetricSeries('acme', metric)).toBe('project:eu_participant_minutes:sum_rate5m');
  });

  it('records a gauge by its level, kept apart by the labels of by', () => {
    const metric = metricOf(validCustomMetricBody({ name: 'storage', metric_type: 'gauge', aggregation: 'max', query: { metric: 'storage_bytes', by: ['region'] } }));
    expect(customMetricGroups('acme', [metric])[0].rules[0]).toMatchObject({
      record: 'project_region:storage:max',
      expr: 'max by (project, region) (max without (instance, pod, job) (pulse_usage_storage_bytes{project="acme"}))',
    });
  });

  it('leaves inactive definitions out', () => {
    expect(customMetricGroups('acme', [metricOf(validCustomMetricBody({ is_active: false }))])).toEqual([]);
  });

  it('writes files promtool accepts, for every aggregation and usage type', () => {
    const usage = [
      ['participant_minutes', 'counter'],
      ['egress_minutes', 'counter'],
      ['storage_bytes', 'gauge'],
      ['bandwidth_bytes', 'counter'],
      ['api_requests', 'counter'],
    ];
    const metrics = usage.flatMap(([metric, type], i) =>
      ['sum', 'avg', 'min', 'max', 'count'].map((aggregation, j) =>
        metricOf(validCustomMetricBody({ name: `m${i}_${j}`, metric_type: type, aggregation, query: { metric, match: { region: 'eu-west' }, by: j % 2 ? ['region'] : [] } }), String(i * 5 + j).padStart(24, '0')),
      ),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'pulse-custom-metrics-')), 'project-acme.rules.yml');
    writeFileSync(file, renderProjectRules(customMetricGroups('acme', metrics))!);
    const checked = runTool('promtool', ['check', 'rules', file]);
    expect(checked.stderr + checked.stdout).toContain('SUCCESS: 25 rules found');
    expect(checked.status).toBe(0);
  });
});
