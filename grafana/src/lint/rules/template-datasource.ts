import { DATASOURCE_VARIABLE } from '../../datasource';
import type { LintRule } from '../lint-rule';

export const templateDatasource: LintRule = {
  name: 'template-datasource',
  why: 'A `datasource` variable of type prometheus lets one dashboard serve any Prometheus-compatible store (Thanos, Mimir) without editing.',
  check: ({ variables }) => {
    const variable = variables.find((v) => v.name === DATASOURCE_VARIABLE);
    if (!variable) return [{ message: `no "${DATASOURCE_VARIABLE}" variable` }];
    if (variable.type !== 'datasource' || variable.query !== 'prometheus') {
      return [{ message: `variable "${DATASOURCE_VARIABLE}" must be a datasource variable of type prometheus (got ${variable.type} ${JSON.stringify(variable.query)})` }];
    }
    return [];
  },
};
