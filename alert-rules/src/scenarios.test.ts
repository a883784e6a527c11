import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from '../../exporter/src/testing/promtool';
import { TESTDATA_DIR } from './testing/spec-sets';

const SCENARIOS = join(TESTDATA_DIR, 'scenarios');

describe('hand-written scenarios against the generated rules', () => {
  it.each(readdirSync(SCENARIOS).filter((f) => f.endsWith('.test.yml')))('%s passes promtool test rules', (file) => {
    const result = runTool('promtool', ['test', 'rules', join(SCENARIOS, file)]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.stdout + result.stderr).not.toContain('FAILED');
    expect(result.status).toBe(0);
  });
});
