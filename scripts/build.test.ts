/**
 * The build the Docker image ships: `npm run build` compiles the exporter and the forecaster to
 * dist/, and bin/ runs it with PULSE_DIST=1. Started here for real: the compiled exporter serves
 * its metrics (its own and OpenTelemetry's) and stops on SIGTERM; the compiled forecaster's worker
 * threads load the compiled worker and forecast.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startExporter, STARTS_EXPORTER_TIMEOUT_MS } from '../exporter/src/testing/exporter-process';

const ROOT = join(__dirname, '..');
const run = promisify(execFile);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The build is 13 s of CPU here, 36 s at load 11 (nice 19); a machine 5-10x slower needs minutes. */
const BUILD_TIMEOUT_MS = 600_000;

beforeAll(async () => {
  await run('npm', ['run', 'build'], { cwd: ROOT });
}, BUILD_TIMEOUT_MS);

describe('npm run build', () => {
  it('compiles the services and nothing of the tests', () => {
    expect(existsSync(join(ROOT, 'dist/exporter/src/main.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/forecaster/src/main.js'))).toBe(true);
    expect(filesUnder(join(ROOT, 'dist')).filter((file) => /\.test\.js$|[/\\]testing[/\\]/.test(file))).toEqual([]);
  });

  it('runs the compiled exporter through bin/pulse-exporter with PULSE_DIST=1', async () => {
    const exporter = await startExporter(join(ROOT, 'exporter/config/pulse.yml'), { dist: true });
    try {
      const commandLine = readFileSync(`/proc/${exporter.child.pid}/cmdline`, 'utf8');
      expect(commandLine).toContain('dist/exporter/src/main.js');
      expect(commandLine).not.toContain('tsx');
      await exporter.metrics();
      const metrics = await exporter.metrics();
      expect(metrics).toContain('# TYPE pulse_region_health_state gauge');
      expect(metrics).toMatch(/target_info\{service_name="pulse-exporter",.*host_name="/);
      expect(metrics).toMatch(/http_server_request_duration_seconds_count\{http_request_method="GET",.*\} [1-9]/);
    } finally {
      expect(await exporter.stop()).toBe(0);
    }
  }, STARTS_EXPORTER_TIMEOUT_MS);

  it('runs the compiled forecaster on its compiled worker threads', async () => {
    const script = `
      const { createWorkerPool } = require('./dist/forecaster/src/service/forecast-pool.js');
      const day = 86400000, week = [100, 120, 130, 125, 110, 40, 30];
      const values = Array.from({ length: 90 }, (_, i) => week[i % 7] * (1 + 0.05 * Math.sin(i)));
      const job = { daily: { times: values.map((_, i) => Date.UTC(2026, 0, 1) + i * day), values }, horizons: [{ label: '7d', days: 7 }], limits: [] };
      const pool = createWorkerPool(1);
      pool.forecast(job).then(async (result) => { console.log(JSON.stringify(result)); await pool.close(); });`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT });
    const result = JSON.parse(stdout) as { status: string; horizons: Array<{ label: string; median: number; lower?: number }> };
    expect(result.status).toBe('ok');
    expect(result.horizons[0].label).toBe('7d');
    expect(result.horizons[0].lower).toBeLessThanOrEqual(result.horizons[0].median);
  }, 60_000);
});
