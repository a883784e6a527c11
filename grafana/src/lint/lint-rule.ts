/** What a lint rule is, and what it reports. */
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LintSubject } from './lint-subject';

export interface Finding {
  readonly panel?: Panel;
  readonly refId?: string;
  readonly message: string;
}

export interface LintRule {
  /** Kebab-case, as reported ("panel-units"). */
  readonly name: string;
  /** Why the rule exists, for whoever meets a finding. */
  readonly why: string;
  readonly check: (subject: LintSubject) => Finding[];
}
