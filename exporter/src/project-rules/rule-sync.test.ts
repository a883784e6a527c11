import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../common/log';
import type { RuleGroup } from '../../../alert-rules/src/model/types';
import { createPrometheusApi } from './prometheus-api';
import { createRuleFileWriter } from './rule-file-writer';
import { createProjectRuleSync, type ProjectRuleSource } from './rule-sync';

const GROUP: RuleGroup = { name: 'project-alerts:acme', rules: [{ kind: 'record', record: 'project:x:sum', expr: 'vector(1)' }] };
const source = (groups: Record<string, RuleGroup[]>): ProjectRuleSource => ({
  projects: async () => Object.keys(groups),
  groups: async (project) => groups[project] ?? [],
});
// Nothing listens on port 1: every reload fails.
const unreachable = createPrometheusApi('http://127.0.0.1:1', 500);

describe('syncing project rule files', () => {
  it('writes a file whole, leaves no temporary file, and reports a failed reload without throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-rule-sync-'));
    const sync = createProjectRuleSync({ writer: createRuleFileWriter(dir), sources: [source({ acme: [GROUP] })], prometheus: unreachable, log: silentLogger() });
    const outcome = await sync.syncProject('acme');
    expect(outcome).toMatchObject({ changed: 1, loaded: false, error: expect.stringContaining('127.0.0.1:1') });
    expect(readdirSync(dir)).toEqual(['project-acme.rules.yml']);
    expect(readFileSync(join(dir, 'project-acme.rules.yml'), 'utf8')).toContain('record: project:x:sum');
    // Nothing changed, but the failed reload is still pending: tried again.
    expect(await sync.syncProject('acme')).toMatchObject({ changed: 0, loaded: false });
  });

  it('reports a file it cannot write instead of throwing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pulse-rule-sync-')), 'not-a-dir');
    writeFileSync(file, '');
    const sync = createProjectRuleSync({ writer: createRuleFileWriter(file), sources: [source({ acme: [GROUP] })], prometheus: unreachable, log: silentLogger() });
    expect(await sync.syncProject('acme')).toMatchObject({ changed: 0, loaded: false, error: expect.stringContaining('not-a-dir') });
  });

  it('removes the files of projects no source has any more', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-rule-sync-'));
    writeFileSync(join(dir, 'project-gone.rules.yml'), 'groups: []\n');
    writeFileSync(join(dir, 'other.rules.yml'), 'groups: []\n');
    const sync = createProjectRuleSync({ writer: createRuleFileWriter(dir), sources: [source({ acme: [GROUP] })], prometheus: unreachable, log: silentLogger() });
    expect(await sync.syncAll()).toMatchObject({ changed: 2 });
    expect(readdirSync(dir).sort()).toEqual(['other.rules.yml', 'project-acme.rules.yml']);
  });
});
