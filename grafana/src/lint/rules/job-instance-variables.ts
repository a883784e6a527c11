import type { LintRule } from '../lint-rule';
import { labelMatchers } from '../../promql/parse';

const FILTER_LABELS = ['job', 'instance'];

export const jobInstanceVariables: LintRule = {
  name: 'job-instance-variables',
  why: 'When a dashboard offers a job or instance picker, a query that matches those labels some other way ignores the picker.',
  check: ({ targets, variables }) => {
    const offered = FILTER_LABELS.filter((label) => variables.some((v) => v.name === label));
    return targets.flatMap((target) =>
      labelMatchers(target.parsed)
        .filter((matcher) => offered.includes(matcher.label))
        .filter((matcher) => !(matcher.op === '=~' && target.variableOf(matcher.value) === matcher.label))
        .map((matcher) => ({ panel: target.panel, refId: target.refId, message: `matches ${matcher.label}${matcher.op}"${matcher.value}"; use ${matcher.label}=~"$${matcher.label}"` })),
    );
  },
};
