import type { LintRule } from '../lint-rule';

const blank = (text: string | undefined): boolean => (text ?? '').trim() === '';

export const panelTitleDescription: LintRule = {
  name: 'panel-title-description',
  why: 'The title says what a panel shows; the description (the ⓘ beside it) says how to read it and where its numbers come from.',
  check: ({ panels, rows }) => [
    ...panels.filter((panel) => blank(panel.title)).map((panel) => ({ panel, message: 'has no title' })),
    ...panels.filter((panel) => blank(panel.description)).map((panel) => ({ panel, message: 'has no description' })),
    ...rows.filter((row) => blank(row.title)).map(() => ({ message: 'a row has no title' })),
  ],
};
