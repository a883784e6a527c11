/** Small pure helpers for writing PromQL and rule values exactly. */
import { formatDuration, parseDuration } from '../../../common/duration';

/**
 * A number as an exact, short decimal: 0.999 stays 0.999 (never 0.9990000000000001), integers
 * have no fraction, and tiny or huge values still read as decimals PromQL accepts.
 */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print ${value} as a PromQL number`);
  const rounded = Number(value.toPrecision(12));
  if (Number.isInteger(rounded) && Math.abs(rounded) < 1e21) return rounded.toFixed(0);
  const text = String(rounded);
  if (!text.includes('e')) return text;
  // 1e-7 → 0.0000001: expand exponents so thresholds read the same in rules and tests.
  const digits = Math.max(0, -Math.floor(Math.log10(Math.abs(rounded))) + 12);
  return rounded.toFixed(Math.min(digits, 100)).replace(/0+$/, '').replace(/\.$/, '');
}

/** A label matcher set: {a="x", b=~"y|z"}; values are escaped for PromQL strings. */
export function matchers(labels: Readonly<Record<string, string>>, regex: Readonly<Record<string, string>> = {}): string {
  const parts = [
    ...Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`),
    ...Object.entries(regex).map(([k, v]) => `${k}=~"${escape(v)}"`),
  ];
  return parts.length === 0 ? '' : `{${parts.join(', ')}}`;
}

export function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The canonical form of a duration ("60s" → "1m"), as it appears in rule names. */
export function dur(text: string): string {
  return formatDuration(parseDuration(text)!);
}

export function seconds(text: string): number {
  return parseDuration(text)! / 1000;
}

/** Labels that only tell replicas and vantage points apart; deduplicated with max, never summed. */
export const REPLICA_LABELS = ['instance', 'pod', 'job'] as const;
export const WITHOUT_REPLICAS = `without (${REPLICA_LABELS.join(', ')})`;
