/**
 * Dashboards → the files Grafana provisions: `<uid>.json`, two-space JSON with a final newline.
 * The builders fill every object in a fixed order, so the same inputs give the same bytes and a
 * review shows only what changed.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

export interface RenderedFile {
  readonly name: string;
  readonly text: string;
}

export function renderDashboards(dashboards: readonly Dashboard[]): RenderedFile[] {
  const seen = new Set<string>();
  return dashboards.map((dashboard) => {
    if (!dashboard.uid) throw new Error(`dashboard "${dashboard.title}" has no uid`);
    if (seen.has(dashboard.uid)) throw new Error(`two dashboards have the uid ${dashboard.uid}`);
    seen.add(dashboard.uid);
    return { name: `${dashboard.uid}.json`, text: `${JSON.stringify(dashboard, null, 2)}\n` };
  });
}
