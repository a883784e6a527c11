import type { LintRule } from '../lint-rule';
import { enclosingFunction, metricNameOf, nodesNamed } from '../../promql/parse';

/** Series that only ever grow (counters and histogram parts) until their process restarts. */
const COUNTER_SUFFIXES = ['_total', '_count', '_sum', '_bucket'];
/** Functions that read such series correctly across resets. */
const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets', 'changes']);

export const countersInRate: LintRule = {
  name: 'counters-in-rate',
  why: "A counter's raw value is how much since its process started: it drops at every restart and differs between replicas. Only its rate or increase means anything.",
  check: ({ targets }) =>
    targets.flatMap((target) =>
      nodesNamed(target.parsed, 'VectorSelector').flatMap((selector) => {
        const name = metricNameOf(target.parsed, selector);
        if (name === undefined || !COUNTER_SUFFIXES.some((suffix) => name.endsWith(suffix))) return [];
        const fn = enclosingFunction(target.parsed, selector);
        if (fn !== undefined && COUNTER_FUNCTIONS.has(fn)) return [];
        return [{ panel: target.panel, refId: target.refId, message: `counter ${name} is used ${fn ? `inside ${fn}()` : 'bare'}; read it through ${[...COUNTER_FUNCTIONS].join(', ')}` }];
      }),
    ),
};
