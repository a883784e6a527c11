import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runTool } from '../../../exporter/src/testing/promtool';
import { allPanelQueries } from './all-panel-queries';

describe('every panel query, once its variables are replaced', () => {
  // The Lezer grammar is newer and more lenient than Prometheus 2.42 (it accepts `sum(x) offset 1d`,
  // which 2.42 refuses), so each query also goes through 2.42's own parser, as a recording rule.
  it('is accepted by Prometheus 2.42 (promtool check rules)', () => {
    const queries = allPanelQueries();
    const rules = queries.map((query, index) => ({ record: `dashboard:query_${index}:check`, expr: query.expr }));
    const file = join(mkdtempSync(join(tmpdir(), 'pulse-dashboard-queries-')), 'queries.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
    const result = runTool('promtool', ['check', 'rules', file]);
    expect(result.stdout + result.stderr).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(result.status).toBe(0);
  });
});
