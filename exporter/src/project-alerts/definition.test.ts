import { runTool } from '../testing/promtool';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparedValue } from './alert-spec';
import { createAlertBody, replaceAlertBody, validateAlert } from './definition';
import { projectAlertGroups } from './render';
import { renderProjectRules } from '../project-rules/rule-file';
import { INVALID_ALERT_BODIES, validAlertBody } from './testing/alert-bodies';
import type { ProjectAlert } from './types';
import { createCustomMetricBody, validateCustomMetric } from '../custom-metrics/definition';
import { validCustomMetricBody } from '../custom-metrics/testing/metric-bodies';
import type { CustomMetric } from '../custom-metrics/types';
import { checkAlerts, MISSING_CUSTOM_METRIC } from './check';
import { createPrometheusApi } from '../project-rules/prometheus-api';

const RUNBOOK = 'https://runbooks.example.com/pulse/projectalert';

function customOf(overrides: Record<string, unknown> = {}): CustomMetric {
  const parsed = validateCustomMetric(createCustomMetricBody, validCustomMetricBody(overrides), 'acme');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { id: 'fedcba9876543210fedcba98', project_id: 'acme', ...parsed.value, created_at: '2026-12-07T00:00:00.000Z', updated_at: '2026-12-07T00:00:00.000Z' };
}

/** The valid custom metric of the test bodies: eu_participant_minutes, a counter summed per project. */
const EU_MINUTES = customOf();

function alertOf(body: Record<string, unknown>, id = '0123456789abcdef01234567', customs: readonly CustomMetric[] = []): ProjectAlert {
  const parsed = validateAlert(createAlertBody, body, 'acme', RUNBOOK, customs);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { id, project_id: 'acme', ...parsed.value, created_at: '2026-12-07T00:00:00.000Z', updated_at: '2026-12-07T00:00:00.000Z' };
}

describe('validating a project alert body', () => {
  it.each(INVALID_ALERT_BODIES.map((c) => [c.name, c] as const))('refuses %s, naming the field', (_name, invalid) => {
    const parsed = validateAlert(createAlertBody, invalid.body, 'acme', RUNBOOK);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toContain(invalid.field);
  });

  it('holds at least 30 invalid bodies', () => {
    expect(INVALID_ALERT_BODIES.length).toBeGreaterThanOrEqual(30);
  });

  it('accepts the bounds: 1 and 1440 minutes, 100 characters, thresholds of ±1e15', () => {
    for (const overrides of [{ duration: 1 }, { duration: 1440 }, { alert_name: 'x'.repeat(100) }, { threshold: 1e15 }, { metric_name: 'storage_bytes', threshold: -1e15, condition: 'gt' }]) {
      expect(validateAlert(createAlertBody, validAlertBody(overrides), 'acme', RUNBOOK)).toMatchObject({ ok: true });
    }
  });

  it('refuses a project the alert-rules model does not accept as a project id, naming project_id', () => {
    const parsed = validateAlert(createAlertBody, validAlertBody({ project_id: 'Acme.Corp' }), 'Acme.Corp', RUNBOOK);
    expect(parsed).toMatchObject({ ok: false, problems: [{ field: 'project_id' }] });
  });

  it('refuses a PUT body naming another project than its path', () => {
    const parsed = validateAlert(replaceAlertBody, validAlertBody({ project_id: 'globex' }), 'acme', RUNBOOK);
    expect(parsed).toMatchObject({ ok: false, problems: [{ field: 'project_id', message: 'must be the project of the path, "acme" (got "globex")' }] });
  });

  it('accepts a custom metric of the project as metric_name', () => {
    expect(validateAlert(createAlertBody, validAlertBody({ metric_name: 'eu_participant_minutes', threshold: 0.5 }), 'acme', RUNBOOK, [EU_MINUTES])).toMatchObject({ ok: true });
  });

  it('refuses a metric_name that is neither a usage type nor a custom metric of the project, naming metric_name', () => {
    const parsed = validateAlert(createAlertBody, validAlertBody({ metric_name: 'eu_participant_minutes' }), 'acme', RUNBOOK, []);
    expect(parsed).toMatchObject({ ok: false, problems: [{ field: 'metric_name', message: expect.stringContaining('or the name of a custom metric of project "acme" (got "eu_participant_minutes")') }] });
  });

  it('refuses an active alert over an inactive custom metric, and takes an inactive one', () => {
    const inactive = [customOf({ is_active: false })];
    const body = validAlertBody({ metric_name: 'eu_participant_minutes' });
    expect(validateAlert(createAlertBody, body, 'acme', RUNBOOK, inactive)).toMatchObject({ ok: false, problems: [{ field: 'metric_name', message: expect.stringContaining('inactive custom metric') }] });
    expect(validateAlert(createAlertBody, { ...body, is_active: false }, 'acme', RUNBOOK, inactive)).toMatchObject({ ok: true });
  });

  it('defaults to active and no channels', () => {
    const body = validAlertBody();
    delete body.notification_channels;
    expect(validateAlert(createAlertBody, body, 'acme', RUNBOOK)).toMatchObject({ ok: true, value: { is_active: true, notification_channels: [] } });
  });
});

describe('rendering project alerts', () => {
  it('compares a counter by its increase over the duration, for the duration', () => {
    const [group] = projectAlertGroups('acme', [alertOf(validAlertBody())], RUNBOOK);
    expect(group.rules[0]).toMatchObject({
      alert: 'ProjectAlert',
      expr: 'sum by (project) (max without (instance, pod, job) (increase(pulse_usage_participant_minutes_total{project="acme"}[5m]))) > 100',
      for: '5m',
      labels: { severity: 'high', alert_id: '0123456789abcdef01234567', project_channels: 'email,webhook' },
      annotations: { summary: 'Too many participant minutes', runbook_url: RUNBOOK, value: '{{ $value }}' },
    });
  });

  it('compares storage by its level', () => {
    const alert = alertOf(validAlertBody({ metric_name: 'storage_bytes', condition: 'gte', threshold: 5e9, duration: 10 }));
    expect(projectAlertGroups('acme', [alert], RUNBOOK)[0].rules[0].expr).toBe('sum by (project) (max without (instance, pod, job) (pulse_usage_storage_bytes{project="acme"})) >= 5000000000');
    expect(comparedValue(alert, { kind: 'usage', type: 'storage_bytes' })).toBe('pulse_usage_storage_bytes (its current level), summed over regions');
  });

  it('compares a custom metric by the value of its recording rule, with its aggregation', () => {
    const customs = [customOf({ aggregation: 'max', query: { metric: 'participant_minutes', by: ['region'] } })];
    const alert = alertOf(validAlertBody({ metric_name: 'eu_participant_minutes', threshold: 2 }), undefined, customs);
    const series = 'project_region:eu_participant_minutes:max_rate5m';
    expect(projectAlertGroups('acme', [alert], RUNBOOK, customs)[0].rules[0].expr).toBe(`max by (project) (max without (instance, pod, job) (${series}{project="acme"})) > 2`);
    expect(comparedValue(alert, { kind: 'custom', metric: customs[0] })).toBe(`${series} (custom metric eu_participant_minutes, its current value), max over its labels`);
  });

  it('renders no rule for an alert whose custom metric is gone or inactive, and check says it compares nothing', async () => {
    const alert = { ...alertOf(validAlertBody({ metric_name: 'eu_participant_minutes' }), undefined, [EU_MINUTES]), last_triggered: null, trigger_count: 0 };
    expect(projectAlertGroups('acme', [alert], RUNBOOK, [])).toEqual([]);
    expect(projectAlertGroups('acme', [alert], RUNBOOK, [customOf({ is_active: false })])).toEqual([]);
    // No Prometheus is asked: the address is never reached.
    const [checked] = await checkAlerts({ ...createPrometheusApi('http://127.0.0.1:9'), query: async () => [] }, 'acme', [alert], RUNBOOK, []);
    expect(checked).toMatchObject({ compared_value: MISSING_CUSTOM_METRIC, value: null, condition_met: false });
  });

  it('leaves inactive alerts out, and a project with none has no file', () => {
    expect(projectAlertGroups('acme', [alertOf(validAlertBody({ is_active: false }))], RUNBOOK)).toEqual([]);
    expect(renderProjectRules([])).toBeUndefined();
  });

  it('writes files promtool accepts, for every condition, severity and metric (a custom one too)', () => {
    const alerts = ['gt', 'gte', 'lt', 'lte', 'eq', 'ne'].flatMap((condition, i) =>
      ['participant_minutes', 'storage_bytes', 'eu_participant_minutes'].map((metric_name, j) =>
        alertOf(validAlertBody({ condition, metric_name, threshold: 10, severity: ['low', 'medium', 'high', 'critical'][(i + j) % 4] }), `${String(i * 3 + j).padStart(24, '0')}`, [EU_MINUTES]),
      ),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'pulse-project-rules-')), 'project-acme.rules.yml');
    writeFileSync(file, renderProjectRules(projectAlertGroups('acme', alerts, RUNBOOK, [EU_MINUTES]))!);
    const checked = runTool('promtool', ['check', 'rules', file]);
    expect(checked.stderr + checked.stdout).toContain('SUCCESS: 18 rules found');
    expect(checked.status).toBe(0);
  });
});
