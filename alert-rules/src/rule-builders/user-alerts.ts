/**
 * Alerts of the original design: a catalogue metric (its value, increase or rate), aggregated by
 * labels, compared with a threshold for a duration, with severity, channels and project scope.
 * Each gets generated promtool scenarios: it fires after `for`, stays quiet below the
 * threshold, and resolves when the value goes back.
 */
import type { ConfigProblem } from '../../../common/config/errors';
import type { MetricDefinition } from '../../../common/metrics/catalogue';
import type { RoutingSpec } from '../alertmanager';
import type { AlertingRule, AlertTests, InputSeries, RuleFile } from '../model/types';
import { derived, dur, matchers, num, seconds, WITHOUT_REPLICAS } from '../render/promql';
import type { Located } from '../spec-files/load-specs';
import type { AlertSpec, AlertsSpec, Condition } from '../spec-files/schema';
import { alertTests, makeAlert, unpredictableTemplate, type AlertDraft } from './alert-rule';

/** PromQL's comparison for each condition. */
export const OPERATORS: Readonly<Record<Condition, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', ne: '!=' };

function scopedMatchers(spec: AlertSpec): Record<string, string> {
  return spec.project ? { ...spec.matchers, project: spec.project } : spec.matchers;
}

/** Grouping labels: the spec's, plus project when the alert is scoped to one. */
function groupLabels(spec: AlertSpec): string[] {
  return spec.project && !spec.by.includes('project') ? [...spec.by, 'project'] : spec.by;
}

/** The value the alert compares with its threshold. */
export function userAlertValueExpr(spec: AlertSpec): string {
  const selector = `${spec.metric}${matchers(scopedMatchers(spec))}`;
  const read = spec.function === 'value' ? selector : `${spec.function}(${selector}[${dur(spec.window!)}])`;
  // Replicas expose identical series: take one (max) before aggregating.
  return `${spec.aggregation} by (${groupLabels(spec).join(', ')}) (max ${WITHOUT_REPLICAS} (${read}))`;
}

export function userAlertExpr(spec: AlertSpec): string {
  return `${userAlertValueExpr(spec)} ${OPERATORS[spec.condition]} ${num(spec.threshold)}`;
}

export function checkUserAlerts(located: Located<AlertsSpec>, catalogue: ReadonlyMap<string, MetricDefinition>, problems: ConfigProblem[]): void {
  const { spec, at } = located;
  const problem = (path: PropertyKey[], message: string) => problems.push({ file: at.file, line: at.lineOf(path), path, message });
  spec.alerts.forEach((alert, index) => {
    const def = catalogue.get(alert.metric);
    if (!def) return problem(['alerts', index, 'metric'], `must be a metric of the catalogue (got "${alert.metric}")`);
    if (def.type === 'histogram') return problem(['alerts', index, 'metric'], `must be a counter or gauge; alert on a recorded quantile instead (got histogram "${alert.metric}")`);
    if (def.type === 'counter' && alert.function === 'value') problem(['alerts', index, 'function'], `must be increase or rate for the counter ${alert.metric} (got "value")`);
    if (alert.function !== 'value' && alert.window === undefined) problem(['alerts', index, 'window'], `is required with function ${alert.function}`);
    if (alert.window !== undefined && seconds(alert.window) < 60) problem(['alerts', index, 'window'], `must be at least 1m (got ${alert.window})`);
    if (alert.aggregation === 'count') problem(['alerts', index, 'aggregation'], 'count is for custom metrics; alerts compare a value (got "count")');
    if (alert.function !== 'value' && (alert.condition === 'lt' || alert.condition === 'lte') && alert.threshold <= 0) {
      problem(['alerts', index, 'threshold'], `can never be undercut by an ${alert.function}, which is never negative (got ${alert.threshold})`);
    }
    const usedLabels: Array<[PropertyKey[], string]> = [
      ...alert.by.map((label, i): [PropertyKey[], string] => [['by', i], label]),
      ...Object.keys(alert.matchers).map((label): [PropertyKey[], string] => [['matchers', label], label]),
      ...(alert.project ? [[['project'], 'project'] as [PropertyKey[], string]] : []),
    ];
    for (const [path, label] of usedLabels) {
      if (!def.labels.includes(label)) problem(['alerts', index, ...path], `must be a label of ${alert.metric} (${def.labels.join(', ')}) (got "${label}")`);
    }
    for (const key of ['summary', 'description'] as const) {
      const bad = unpredictableTemplate(alert[key]);
      if (bad) problem(['alerts', index, key], `may only use {{ $labels.<name> }} templates, so generated tests can check it (got ${bad})`);
    }
  });
}

/** A value on the firing side of the threshold and one on the quiet side. */
function probeValues(spec: AlertSpec): { fire: number; quiet: number } {
  const margin = Math.max(1, Math.abs(spec.threshold) * 0.5);
  switch (spec.condition) {
    case 'gt':
    case 'gte':
      return { fire: spec.threshold + margin, quiet: Math.max(spec.function === 'value' ? -Infinity : 0, spec.threshold - margin) };
    case 'lt':
    case 'lte':
      return { fire: Math.max(spec.function === 'value' ? -Infinity : 0, spec.threshold - margin), quiet: spec.threshold + margin };
    case 'eq':
      return { fire: spec.threshold, quiet: spec.threshold + margin };
    case 'ne':
      return { fire: spec.threshold + margin, quiet: spec.threshold };
  }
}

/** Per-minute sample steps (and a start value) that make the metric read `target` after its function. */
function series(spec: AlertSpec, target: number, minutes: number, start = 0): { values: string; end: number } {
  if (spec.function === 'value') return { values: `${derived(target)}+0x${minutes}`, end: target };
  const windowMinutes = seconds(spec.window!) / 60;
  const perMinute = spec.function === 'increase' ? target / windowMinutes : target * 60;
  return { values: `${derived(start)}+${derived(perMinute)}x${minutes}`, end: start + perMinute * minutes };
}

function userAlertTests(spec: AlertSpec, rule: AlertingRule, ruleFiles: readonly string[]): AlertTests {
  const labels: Record<string, string> = {};
  for (const label of groupLabels(spec)) labels[label] = label === 'project' ? (spec.project ?? 'acme') : label === 'region' ? 'eu-west' : `${label}-1`;
  const seriesLabels = { ...spec.matchers, ...labels, instance: 'exporter-1:9470', job: 'pulse-exporter' };
  const name = (values: string): InputSeries => ({ series: `${spec.metric}${matchers(seriesLabels)}`, values });
  const { fire, quiet } = probeValues(spec);
  const warmup = spec.function === 'value' ? 0 : seconds(spec.window!) / 60;
  const forMinutes = Math.ceil(seconds(spec.for) / 60);
  const firesAt = warmup + forMinutes + 2;
  const firing = series(spec, fire, firesAt + 10);
  const back = series(spec, quiet, warmup + 10, firing.end);
  const minute = (m: number) => `${m}m`;
  return alertTests(rule.alert, ruleFiles, [
    {
      name: `${spec.name} fires once the condition has held for ${spec.for}`,
      inputSeries: [name(firing.values)],
      // Before `for` has passed since the start, the alert can at most be pending.
      quietAt: forMinutes >= 2 ? [minute(Math.floor(forMinutes / 2))] : [],
      firingAt: [{ time: minute(firesAt), alerts: [{ rule, labels }] }],
    },
    { name: `${spec.name} stays quiet on the other side of the threshold`, inputSeries: [name(series(spec, quiet, firesAt + 10).values)], quietAt: [minute(firesAt), minute(firesAt + 8)] },
    {
      name: `${spec.name} resolves when the value goes back`,
      inputSeries: [name(`${firing.values} ${back.values}`)],
      firingAt: [{ time: minute(firesAt), alerts: [{ rule, labels }] }],
      quietAt: [minute(firesAt + 10 + warmup + 3)],
    },
  ]);
}

/** One alert spec as a rule draft; `labels` are added to the rule's own (project alerts add their id). */
export function userAlertDraft(spec: AlertSpec, labels?: Readonly<Record<string, string>>): AlertDraft {
  return {
    alert: spec.name,
    expr: userAlertExpr(spec),
    for: dur(spec.for),
    severity: spec.severity,
    channels: spec.channels,
    labels,
    summary: spec.summary,
    description: spec.description,
    runbookUrl: spec.runbook_url,
  };
}

export function buildUserAlerts(specs: readonly Located<AlertsSpec>[], routing: RoutingSpec): { file: RuleFile; tests: AlertTests[] } {
  const alerts = specs.flatMap(({ spec }) => spec.alerts);
  const rules = alerts.map((spec) => makeAlert(userAlertDraft(spec), routing));
  const file: RuleFile = { name: 'alerts', groups: [{ name: 'pulse-alerts', rules }] };
  return { file, tests: alerts.map((spec, i) => userAlertTests(spec, rules[i], ['alerts.rules.yml'])) };
}
