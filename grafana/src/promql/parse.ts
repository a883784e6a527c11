/**
 * PromQL parsed by Prometheus' own Lezer grammar (the one its web UI uses), with the few questions
 * the lint rules ask of the tree.
 */
import { parser } from '@prometheus-io/lezer-promql';

// Lezer's tree types, named through the parser so no transitive package is imported directly.
type Tree = ReturnType<typeof parser.parse>;
export type SyntaxNode = Tree['topNode'];

export interface ParsedPromql {
  readonly text: string;
  readonly tree: Tree;
}

export const parsePromql = (text: string): ParsedPromql => ({ text, tree: parser.parse(text) });

/** Positions where the grammar had to recover from an error; empty when the text parses. */
export function syntaxErrors(parsed: ParsedPromql): { readonly from: number; readonly to: number }[] {
  const errors: { from: number; to: number }[] = [];
  parsed.tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors.push({ from: node.from, to: node.to });
    },
  });
  return errors;
}

export function nodesNamed(parsed: ParsedPromql, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  parsed.tree.iterate({
    enter: (node) => {
      if (node.name === name) found.push(node.node);
    },
  });
  return found;
}

export const textOf = (parsed: ParsedPromql, node: SyntaxNode): string => parsed.text.slice(node.from, node.to);

/** The function call a node sits in, nearest first (aggregations like sum are not calls). */
export function enclosingFunction(parsed: ParsedPromql, node: SyntaxNode): string | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (at.name === 'FunctionCall') {
      const identifier = at.getChild('FunctionIdentifier');
      return identifier ? textOf(parsed, identifier) : undefined;
    }
  }
  return undefined;
}

/** The metric name of a vector selector, when it has one (`{__name__=~…}` has none). */
export function metricNameOf(parsed: ParsedPromql, selector: SyntaxNode): string | undefined {
  const identifier = selector.getChild('Identifier');
  return identifier ? textOf(parsed, identifier) : undefined;
}

/** Every metric name the query selects, once each. */
export function metricNamesIn(parsed: ParsedPromql): string[] {
  return [...new Set(nodesNamed(parsed, 'VectorSelector').flatMap((node) => metricNameOf(parsed, node) ?? []))];
}

export interface LabelMatcher {
  readonly label: string;
  readonly op: string;
  /** The value as written, without its quotes. */
  readonly value: string;
}

export function labelMatchers(parsed: ParsedPromql): LabelMatcher[] {
  return nodesNamed(parsed, 'UnquotedLabelMatcher').flatMap((node) => {
    const label = node.getChild('LabelName');
    const op = node.getChild('MatchOp');
    const value = node.getChild('StringLiteral');
    if (!label || !op || !value) return [];
    return [{ label: textOf(parsed, label), op: textOf(parsed, op), value: textOf(parsed, value).slice(1, -1) }];
  });
}

/** The range of a matrix selector (`5m` in `x[5m]`). */
export function rangeOf(parsed: ParsedPromql, matrix: SyntaxNode): string | undefined {
  const duration = matrix.getChild('DurationExpr');
  return duration ? textOf(parsed, duration) : undefined;
}
