import type { LintRule } from '../lint-rule';
import { syntaxErrors } from '../../promql/parse';

export const promqlParses: LintRule = {
  name: 'promql-parses',
  why: 'A query that does not parse shows an error instead of data.',
  check: ({ targets }) =>
    targets.flatMap((target) => {
      if (target.expr.trim() === '') return [{ panel: target.panel, refId: target.refId, message: 'has an empty query' }];
      const errors = syntaxErrors(target.parsed);
      if (errors.length === 0) return [];
      const at = errors[0].from;
      const near = target.parsed.text.slice(Math.max(0, at - 20), at + 20).replace(/\n/g, ' ');
      return [{ panel: target.panel, refId: target.refId, message: `PromQL syntax error at ${at} near "${near}" in: ${target.expr}` }];
    }),
};
