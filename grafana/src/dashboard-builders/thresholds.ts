/** Threshold steps and value mappings in the few shapes the dashboards use. */
import { ThresholdsConfigBuilder, ThresholdsMode, MappingType, type ThresholdsConfig, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';

export interface ThresholdStep {
  /** Where the colour starts; null for the base colour below every other step. */
  readonly from: number | null;
  readonly color: string;
}

export function thresholdSteps(steps: readonly ThresholdStep[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps.map((step) => ({ value: step.from, color: step.color })));
}

/** The same as a plain value, for field overrides (which take no builders). */
export const thresholdsConfig = (steps: readonly ThresholdStep[]): ThresholdsConfig => thresholdSteps(steps).build();

/** Green below `warn`, orange from it, red from `critical`: for values where more is worse. */
export const risingThresholds = (warn: number, critical: number): ThresholdStep[] => [
  { from: null, color: 'green' },
  { from: warn, color: 'orange' },
  { from: critical, color: 'red' },
];

/** Red below `critical`, orange below `warn`, green above: for values where less is worse. */
export const fallingThresholds = (critical: number, warn: number): ThresholdStep[] => [
  { from: null, color: 'red' },
  { from: critical, color: 'orange' },
  { from: warn, color: 'green' },
];

export interface ValueLabel {
  readonly value: number;
  readonly text: string;
  readonly color: string;
}

/** One value mapping that names and colours numbers (0 → "healthy", green). */
export function valueLabels(labels: readonly ValueLabel[]): ValueMapping {
  return {
    type: MappingType.ValueToText,
    options: Object.fromEntries(labels.map((label, index) => [String(label.value), { text: label.text, color: label.color, index }])),
  };
}
