/** Pure renderers: rule files, promtool test files and the PrometheusRule manifest, as YAML text. */
import { stringify } from 'yaml';
import type { AlertTests, Rule, RuleFile, RuleGroup } from '../model/types';

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

function ruleObject(rule: Rule): Record<string, unknown> {
  if (rule.kind === 'record') return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: { ...rule.labels } } : {}) };
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for } : {}),
    labels: { ...rule.labels },
    annotations: { ...rule.annotations },
  };
}

function groupObject(group: RuleGroup): Record<string, unknown> {
  return { name: group.name, ...(group.interval ? { interval: group.interval } : {}), rules: group.rules.map(ruleObject) };
}

export function ruleFileName(file: RuleFile | string): string {
  return `${typeof file === 'string' ? file : file.name}.rules.yml`;
}

export function renderRuleFile(file: RuleFile): string {
  return stringify({ groups: file.groups.map(groupObject) }, YAML_OPTIONS);
}

/** Tests of several rules sharing an alert name go to one file; rule files are loaded from `..`. */
export function renderAlertTests(alertTests: readonly AlertTests[]): string {
  const ruleFiles = [...new Set(alertTests.flatMap((t) => t.ruleFiles))].map((f) => `../${f}`);
  return stringify(
    {
      rule_files: ruleFiles,
      evaluation_interval: '1m',
      tests: alertTests.flatMap((t) =>
        t.tests.map((test) => ({
          name: test.name,
          interval: test.interval ?? '1m',
          input_series: test.inputSeries.map((s) => ({ series: s.series, values: s.values })),
          alert_rule_test: test.checks.map((check) => ({
            eval_time: check.evalTime,
            alertname: check.alertname,
            exp_alerts: check.expected.map((e) => ({ exp_labels: { ...e.labels }, exp_annotations: { ...e.annotations } })),
          })),
        })),
      ),
    },
    YAML_OPTIONS,
  );
}

export function renderPrometheusRule(files: readonly RuleFile[], name = 'pulse-rules'): string {
  return stringify(
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name, labels: { 'app.kubernetes.io/name': 'pulse', 'app.kubernetes.io/component': 'alert-rules' } },
      spec: { groups: files.flatMap((f) => f.groups.map(groupObject)) },
    },
    YAML_OPTIONS,
  );
}
