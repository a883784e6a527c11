/** Section "Analytics API": each measured part of the per-project analytics API adds its rows here. */
import { measureExportRows } from './analytics-export';
import type { SectionResult } from './report';
import type { SectionContext } from './section';

export async function runAnalytics(ctx: SectionContext): Promise<SectionResult> {
  const exportRows = await measureExportRows(ctx);
  return { title: 'Analytics API', rows: exportRows.rows, details: [], notes: exportRows.notes };
}
