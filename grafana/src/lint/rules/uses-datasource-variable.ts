import { DATASOURCE_REF } from '../../datasource';
import type { LintRule } from '../lint-rule';

const usesVariable = (ref: { uid?: string } | undefined): boolean => ref?.uid === DATASOURCE_REF.uid;

export const usesDatasourceVariable: LintRule = {
  name: 'uses-datasource-variable',
  why: 'A panel, query or variable with a fixed data source ignores the datasource picker and breaks when the uid differs.',
  check: ({ panels, targets, variables }) => [
    ...panels.filter((panel) => (panel.targets ?? []).length > 0 && !usesVariable(panel.datasource)).map((panel) => ({ panel, message: `panel data source must be ${DATASOURCE_REF.uid} (got ${JSON.stringify(panel.datasource)})` })),
    ...targets.filter((target) => !usesVariable(target.datasource)).map((target) => ({ panel: target.panel, refId: target.refId, message: `query data source must be ${DATASOURCE_REF.uid} (got ${JSON.stringify(target.datasource)})` })),
    ...variables.filter((v) => v.type === 'query' && !usesVariable(v.datasource)).map((v) => ({ message: `variable "${v.name}" must query ${DATASOURCE_REF.uid} (got ${JSON.stringify(v.datasource)})` })),
  ],
};
