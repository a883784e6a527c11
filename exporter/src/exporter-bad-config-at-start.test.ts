/**
 * A bad config at start: the exporter validates the file before it starts anything (store, probe
 * thread, HTTP server), prints the problem and exits 1, rather than hanging with nothing served.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './testing/exporter-process';

const ROOT = join(__dirname, '../..');
const TESTDATA = join(__dirname, '../testdata/config');

/** Runs the exporter until it exits by itself; a run that hangs is killed and reported as such. */
function runUntilExit(args: string[]): Promise<{ code: number | null; stderr: string; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'bin/pulse-exporter'), args, { cwd: ROOT, env: { ...process.env, PULSE_ADMIN_KEY: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let hung = false;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Generous under load: the fixed exporter exits as soon as the file is read.
    const watchdog = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(watchdog);
      resolve({ code, stderr, hung });
    });
  });
}

describe('pulse-exporter started with a bad config file', () => {
  it('prints the problem and exits 1 instead of hanging', async () => {
    const port = await freePort();
    const result = await runUntilExit([`--config.file=${join(TESTDATA, 'invalid-failover-self.yaml')}`, `--web.listen-address=127.0.0.1:${port}`]);
    expect(result).toMatchObject({ hung: false, code: 1 });
    expect(result.stderr).toContain('regions[0].failover[0]: must not name the region itself');
  }, 30_000);

  it('exits 1 naming the file when it does not exist', async () => {
    const port = await freePort();
    const result = await runUntilExit([`--config.file=${join(TESTDATA, 'no-such-file.yaml')}`, `--web.listen-address=127.0.0.1:${port}`]);
    expect(result).toMatchObject({ hung: false, code: 1 });
    expect(result.stderr).toContain('no-such-file.yaml');
  }, 30_000);
});
