import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PROJECTS } from '../demo/usage-model';
import { loadConfigFile } from '../exporter/src/config/load';
import { projectAccess } from '../exporter/src/usage/project-access';
import { withDemoProjects } from './demo-projects';

describe('npm start’s demo projects', () => {
  it('adds to the default config the stack’s demo pattern, whose key reaches every demo project', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-demo-'));
    const keyFile = join(dir, 'demo-key');
    writeFileSync(keyFile, 'demo-secret\n');
    const out = withDemoProjects(join(__dirname, '../exporter/config/pulse.yml'), join(dir, 'start/pulse.yml'), keyFile);
    const config = loadConfigFile(out, { env: {} });
    expect(config.regions.map((r) => r.code)).toContain('eu-west');
    for (const project of DEMO_PROJECTS) expect(projectAccess(config, 'demo-secret', project)).toMatchObject({ ok: true, project, via: 'pattern' });
    expect(projectAccess(config, 'demo-secret', 'acme')).toMatchObject({ ok: false, status: 403 });
    expect(projectAccess(config, 'other-secret', 'demo-acme')).toMatchObject({ ok: false, status: 401 });
  });
});
