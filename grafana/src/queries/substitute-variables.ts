/**
 * Grafana variables in a query replaced by values, the way Grafana's Prometheus data source does:
 * `$name`, `${name}`, `${name:format}` and `[[name]]`. A list of values becomes the regex group
 * `(a|b)` (what a multi-value variable turns into inside `=~"…"`). An unknown variable is an error,
 * so a typo fails a test instead of reaching Prometheus.
 */
import { escapeRegex } from '../promql/selector';

export type VariableValues = Readonly<Record<string, string | readonly string[]>>;

const REFERENCE = /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)(?::\w+)?\]\]|\$(\w+)/g;

export function substituteVariables(expr: string, values: VariableValues): string {
  return expr.replace(REFERENCE, (_match, braced?: string, bracketed?: string, plain?: string) => {
    const name = (braced ?? bracketed ?? plain)!;
    const value = values[name];
    if (value === undefined) throw new Error(`unknown variable $${name} in: ${expr}`);
    return typeof value === 'string' ? value : `(${value.map(escapeRegex).join('|')})`;
  });
}

/** The names of the variables an expression refers to, in order of first use. */
export function variablesIn(expr: string): string[] {
  const names = [...expr.matchAll(REFERENCE)].map((match) => match[1] ?? match[2] ?? match[3]);
  return [...new Set(names)];
}
