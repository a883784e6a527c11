/**
 * One place that turns an alert draft into a rule: severity and channels labels, the three
 * annotations every alert carries, and the promtool scenarios that prove it fires and stays quiet.
 */
import { defaultChannels, type RoutingSpec } from '../alertmanager';
import type { AlertCheck, AlertingRule, AlertTests, Channel, InputSeries, Severity } from '../model/types';

export interface AlertDraft {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: Severity;
  readonly channels?: readonly Channel[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly description: string;
  readonly runbookUrl: string;
}

/** `routing` gives the severity's default channels; a draft that names its channels needs none. */
export function makeAlert(draft: AlertDraft, routing?: RoutingSpec): AlertingRule {
  const channels = [...new Set(draft.channels ?? (routing ? defaultChannels(routing, draft.severity) : []))].sort();
  return {
    kind: 'alert',
    alert: draft.alert,
    expr: draft.expr,
    for: draft.for === '0s' ? undefined : draft.for,
    // No channels (info insights by default): the label is left out, as Prometheus drops empty labels anyway.
    labels: { ...draft.labels, severity: draft.severity, ...(channels.length > 0 ? { channels: channels.join(',') } : {}) },
    annotations: { summary: draft.summary, description: draft.description, runbook_url: draft.runbookUrl },
  };
}

const TEMPLATE = /\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

/** Renders {{ $labels.x }} the way Prometheus does, for expected annotations in tests. */
export function renderAnnotations(annotations: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, v.replace(TEMPLATE, (_m, name: string) => labels[name] ?? '')]));
}

/** Annotation text that tests cannot predict (anything but {{ $labels.x }}), or undefined. */
export function unpredictableTemplate(text: string): string | undefined {
  const rest = text.replace(TEMPLATE, '');
  return /\{\{/.test(rest) ? rest.slice(rest.indexOf('{{'), rest.indexOf('}}', rest.indexOf('{{')) + 2) : undefined;
}

export interface FiringAlert {
  readonly rule: AlertingRule;
  /** Labels of the alert on top of the rule's own (from the series and aggregation). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface Scenario {
  readonly name: string;
  readonly inputSeries: readonly InputSeries[];
  /** Times at which exactly these alerts (of this alert name) fire. */
  readonly firingAt?: readonly { readonly time: string; readonly alerts: readonly FiringAlert[] }[];
  /** Times at which no alert of this name may be firing. */
  readonly quietAt?: readonly string[];
  readonly interval?: string;
}

/** Tests of one alert name (several rules may share it, e.g. one per severity). */
export function alertTests(alertname: string, ruleFiles: readonly string[], scenarios: readonly Scenario[]): AlertTests {
  return {
    alertname,
    ruleFiles,
    tests: scenarios.map((scenario) => {
      const checks: AlertCheck[] = [
        ...(scenario.quietAt ?? []).map((time) => ({ evalTime: time, alertname, expected: [] })),
        ...(scenario.firingAt ?? []).map(({ time, alerts }) => ({
          evalTime: time,
          alertname,
          expected: alerts.map(({ rule, labels }) => {
            const all = { ...labels, ...rule.labels };
            return { labels: all, annotations: renderAnnotations(rule.annotations, all) };
          }),
        })),
      ];
      return { name: scenario.name, interval: scenario.interval, inputSeries: scenario.inputSeries, checks };
    }),
  };
}

/** The usual three scenarios of one rule: fires, stays quiet, and (optionally) resolves. */
export function fireAndQuiet(
  rule: AlertingRule,
  ruleFiles: readonly string[],
  cases: {
    readonly fire: readonly InputSeries[];
    readonly quiet: readonly InputSeries[];
    readonly labels: Readonly<Record<string, string>>;
    readonly firesAt: string;
    readonly pendingAt?: string;
    readonly interval?: string;
  },
): AlertTests {
  return alertTests(rule.alert, ruleFiles, [
    {
      name: `${rule.alert} fires`,
      inputSeries: cases.fire,
      interval: cases.interval,
      quietAt: cases.pendingAt ? [cases.pendingAt] : [],
      firingAt: [{ time: cases.firesAt, alerts: [{ rule, labels: cases.labels }] }],
    },
    { name: `${rule.alert} stays quiet`, inputSeries: cases.quiet, interval: cases.interval, quietAt: [cases.firesAt] },
  ]);
}
