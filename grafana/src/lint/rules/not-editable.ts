import type { LintRule } from '../lint-rule';

export const notEditable: LintRule = {
  name: 'not-editable',
  why: 'The dashboards are generated from grafana/src; an edit made in the UI would be overwritten by the next provisioning.',
  check: ({ dashboard }) => (dashboard.editable === false ? [] : [{ message: 'must set "editable": false' }]),
};
