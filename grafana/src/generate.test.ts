import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allDashboards } from './dashboards/all-dashboards';
import { DASHBOARD_FOLDER } from './generate';
import { loadDashboardInputs } from './inputs/load-dashboard-inputs';
import { renderDashboards } from './render/render-dashboards';
import { compareDashboards, writeDashboards } from './write-dashboards';

const rendered = () => renderDashboards(allDashboards(loadDashboardInputs()));

describe('the committed dashboards', () => {
  it('are exactly what grafana/src generates (generate.ts --check)', () => {
    expect(compareDashboards(DASHBOARD_FOLDER, rendered())).toEqual([]);
  });

  it('are generated the same way twice', () => {
    expect(rendered()).toEqual(rendered());
  });

  it('are one <uid>.json per dashboard, and nothing else', () => {
    expect(readdirSync(DASHBOARD_FOLDER).sort()).toEqual(['pulse-alerts.json', 'pulse-forecast.json', 'pulse-internals.json', 'pulse-regions.json', 'pulse-usage.json']);
  });
});

describe('the --check comparison', () => {
  it('names a changed, a missing and a stale file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-dashboards-'));
    const files = rendered();
    writeDashboards(dir, files);
    writeFileSync(join(dir, files[0].name), '{}\n');
    writeFileSync(join(dir, 'old-dashboard.json'), '{}\n');
    const [, second] = files;
    const problems = compareDashboards(dir, files.filter((file) => file !== second).concat([{ name: 'new.json', text: '{}\n' }]));
    expect(problems).toEqual([
      `${join(dir, files[0].name)}: differs from what grafana/src generates`,
      `${join(dir, 'new.json')}: missing`,
      `${join(dir, 'old-dashboard.json')}: no longer generated`,
      `${join(dir, second.name)}: no longer generated`,
    ]);
  });

  it('is what the CLI runs: exit 0 when up to date', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'generate.ts'), '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses an unknown flag with exit 2', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'generate.ts'), '--chek'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown argument --chek');
  });
});

describe('writing the dashboards', () => {
  it('removes dashboards that are no longer generated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-dashboards-'));
    writeFileSync(join(dir, 'old-dashboard.json'), '{}\n');
    writeDashboards(dir, rendered());
    expect(readdirSync(dir)).not.toContain('old-dashboard.json');
    expect(JSON.parse(readFileSync(join(dir, 'pulse-regions.json'), 'utf8')).uid).toBe('pulse-regions');
  });
});
