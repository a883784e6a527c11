import { FIXED_WINDOW_MARKER } from '../../promql/lint-markers';
import type { LintRule } from '../lint-rule';
import { enclosingFunction, nodesNamed, rangeOf } from '../../promql/parse';

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
const RATE_INTERVAL = '__rate_interval';

export const rateInterval: LintRule = {
  name: 'rate-interval',
  why: 'rate() needs at least four samples in its window, whatever the zoom: $__rate_interval grows with the step and never drops below four scrape intervals. A fixed window is either too short (gaps) or too long (smoothing) somewhere.',
  check: ({ targets }) =>
    targets
      .filter((target) => !target.expr.includes(FIXED_WINDOW_MARKER))
      .flatMap((target) =>
        nodesNamed(target.parsed, 'MatrixSelector').flatMap((matrix) => {
          const fn = enclosingFunction(target.parsed, matrix);
          if (fn === undefined || !RATE_FUNCTIONS.has(fn)) return [];
          const range = rangeOf(target.parsed, matrix) ?? '';
          if (target.variableOf(range) === RATE_INTERVAL) return [];
          const written = target.variableOf(range) ? `$${target.variableOf(range)}` : range;
          return [{ panel: target.panel, refId: target.refId, message: `${fn}() over [${written}], not [$${RATE_INTERVAL}] (mark a deliberate window with "${FIXED_WINDOW_MARKER} <why>")` }];
        }),
      ),
};
