/**
 * The dashboard linter: grafana/dashboard-linter's rules that matter here, reimplemented in
 * TypeScript on Prometheus' own PromQL grammar, plus a read-only check.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LintRule } from './lint-rule';
import { lintSubject } from './lint-subject';
import { countersInRate } from './rules/counters-in-rate';
import { jobInstanceVariables } from './rules/job-instance-variables';
import { notEditable } from './rules/not-editable';
import { panelTitleDescription } from './rules/panel-title-description';
import { panelUnits } from './rules/panel-units';
import { promqlParses } from './rules/promql-parses';
import { rateInterval } from './rules/rate-interval';
import { templateDatasource } from './rules/template-datasource';
import { usesDatasourceVariable } from './rules/uses-datasource-variable';

export const LINT_RULES: readonly LintRule[] = [
  templateDatasource,
  usesDatasourceVariable,
  panelUnits,
  panelTitleDescription,
  promqlParses,
  rateInterval,
  countersInRate,
  jobInstanceVariables,
  notEditable,
];

export interface LintProblem {
  readonly rule: string;
  readonly dashboard: string;
  readonly panel?: string;
  readonly refId?: string;
  readonly message: string;
}

export function lintDashboard(dashboard: Dashboard, rules: readonly LintRule[] = LINT_RULES): LintProblem[] {
  const subject = lintSubject(dashboard);
  return rules.flatMap((rule) =>
    rule.check(subject).map((finding) => ({
      rule: rule.name,
      dashboard: dashboard.uid ?? dashboard.title ?? '?',
      ...(finding.panel && { panel: finding.panel.title ?? `#${finding.panel.id}` }),
      ...(finding.refId !== undefined && { refId: finding.refId }),
      message: finding.message,
    })),
  );
}

/** `pulse-usage › "Usage by project" (B): rate-interval: …` */
export function formatLintProblem(problem: LintProblem): string {
  const where = [problem.dashboard, problem.panel && `"${problem.panel}"${problem.refId ? ` (${problem.refId})` : ''}`].filter(Boolean).join(' › ');
  return `${where}: ${problem.rule}: ${problem.message}`;
}
