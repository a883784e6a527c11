/** Small pure helpers for writing PromQL and rule values exactly. */
import { formatDuration, parseDuration } from '../../../common/duration';

/**
 * A number from a spec, printed exactly: the shortest decimal that reads back as the same number
 * (1099511627776 stays 1099511627776, 0.999 stays 0.999), never in exponent form (1e-7 →
 * 0.0000001), so thresholds read the same in specs, rules and tests.
 */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print ${value} as a PromQL number`);
  return expandExponent(String(value));
}

/**
 * A number computed from spec numbers (1 - 0.999, a burn factor × a budget, 0.95 × 100): binary
 * floating point leaves noise that grows with each operation (0.006000000000000005), so it is
 * rounded to 12 significant digits — far below any threshold's meaning — then printed as `num`.
 * Numbers written in a spec never go through here: they are printed exactly.
 */
export function derived(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print ${value} as a PromQL number`);
  return num(Number(value.toPrecision(12)));
}

/** "1.5e-7" → "0.00000015", "1e+21" → "1000000000000000000000"; anything else as it is. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exponentText); // where the decimal point goes within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
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

export { REPLICA_LABELS, WITHOUT_REPLICAS } from '../../../common/metrics/usage-promql';
