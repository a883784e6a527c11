/**
 * Series selectors written from catalogue names and label matchers, so no dashboard spells a
 * metric name or escapes a label value by hand.
 */
import { escape } from '../../../alert-rules/src/render/promql';

export type MatchOp = '=' | '!=' | '=~' | '!~';
export type MatcherValue = string | { readonly op: MatchOp; readonly value: string };
/** Matchers by label; a list puts several matchers on one label (`project=~"$project", project!=""`). */
export type Matchers = Readonly<Record<string, MatcherValue | readonly MatcherValue[]>>;

/** `label=~"$variable"`: the label takes any of the values selected in a dashboard variable. */
export const fromVariable = (variable: string): MatcherValue => ({ op: '=~', value: `$${variable}` });
export const notEqual = (value: string): MatcherValue => ({ op: '!=', value });
/** `label=~"a|b"`, the values taken literally. */
export const oneOfValues = (values: readonly string[]): MatcherValue => ({ op: '=~', value: values.map(escapeRegex).join('|') });

export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `metric{a="x", b=~"$b"}`; no braces without matchers. */
export function selector(metric: string, matchers: Matchers = {}): string {
  const parts = Object.entries(matchers).flatMap(([label, matcher]) =>
    (Array.isArray(matcher) ? (matcher as readonly MatcherValue[]) : [matcher as MatcherValue]).map((one) => {
      const { op, value } = typeof one === 'string' ? { op: '=', value: one } : one;
      return `${label}${op}"${escape(value)}"`;
    }),
  );
  return parts.length === 0 ? metric : `${metric}{${parts.join(', ')}}`;
}
