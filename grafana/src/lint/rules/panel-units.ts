import type { LintRule } from '../lint-rule';

/** Panels that show no numbers. */
const WITHOUT_VALUES = new Set(['text', 'row', 'news', 'dashlist']);

export const panelUnits: LintRule = {
  name: 'panel-units',
  why: 'Without a unit, 0.25 could be seconds, a ratio or a count; Grafana also scales and formats numbers by their unit.',
  check: ({ panels }) =>
    panels
      .filter((panel) => !WITHOUT_VALUES.has(panel.type) && !panel.fieldConfig?.defaults?.unit)
      .map((panel) => ({ panel, message: 'has no unit (fieldConfig.defaults.unit)' })),
};
