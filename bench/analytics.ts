/** Section "Analytics API": each measured part of the per-project analytics API adds its rows here. */
import { measureExportRows } from './analytics-export';
import { measureRealtime } from './analytics-realtime';
import type { SectionResult } from './report';
import type { SectionContext } from './section';

export async function runAnalytics(ctx: SectionContext): Promise<SectionResult> {
  const realtime = await measureRealtime(ctx);
  const exportRows = await measureExportRows(ctx);
  return { title: 'Analytics API', rows: [...realtime.rows, ...exportRows.rows], details: [], notes: [...realtime.notes, ...exportRows.notes] };
}
