/**
 * The internal model of everything alert-rules generates, apart from the versioned spec files
 * (spec/) and from the YAML it is rendered to (render/).
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNELS = ['pager', 'slack', 'email', 'webhook', 'digest'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface RecordingRule {
  readonly kind: 'record';
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly kind: 'alert';
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration text ("5m"), or undefined to fire at once. */
  readonly for?: string;
  /** Always holds severity and channels (comma-separated, sorted). */
  readonly labels: Readonly<Record<string, string>>;
  /** Always holds summary, description and runbook_url. */
  readonly annotations: Readonly<Record<string, string>>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  /** Evaluation interval, when not the global one. */
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/** One generated rule file (`<name>.rules.yml`). */
export interface RuleFile {
  readonly name: string;
  readonly groups: readonly RuleGroup[];
}

/** A promtool unit test: input series, and alerts expected (or not) at given times. */
export interface InputSeries {
  readonly series: string;
  /** promtool expanding notation: "0+60x20", "1 1 _ 2", "0x30". */
  readonly values: string;
}

export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AlertCheck {
  readonly evalTime: string;
  readonly alertname: string;
  /** Empty: the alert must not be firing at evalTime. */
  readonly expected: readonly ExpectedAlert[];
}

export interface UnitTest {
  readonly name: string;
  /** Sampling interval of input series (default 1m). */
  readonly interval?: string;
  readonly inputSeries: readonly InputSeries[];
  readonly checks: readonly AlertCheck[];
}

/** The tests of one alert, written to `tests/<alertname>.test.yml`. */
export interface AlertTests {
  readonly alertname: string;
  /** Rule files (generated names) the tests load. */
  readonly ruleFiles: readonly string[];
  readonly tests: readonly UnitTest[];
}

/** Inhibition: while an alert matching `source` fires, alerts matching `target` with equal labels are muted. */
export interface Inhibition {
  readonly source: readonly string[];
  readonly target: readonly string[];
  readonly equal: readonly string[];
}

export interface GeneratedModel {
  readonly ruleFiles: readonly RuleFile[];
  readonly tests: readonly AlertTests[];
  readonly inhibitions: readonly Inhibition[];
}
