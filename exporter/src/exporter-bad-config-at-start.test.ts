/**
 * A bad start: the exporter validates its config file before it starts anything (store, probe
 * thread, HTTP server), and a start that fails stops what it started; either way it prints the
 * problem and exits 1, rather than hanging with nothing served.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from './testing/exporter-process';

const ROOT = join(__dirname, '../..');
const TESTDATA = join(__dirname, '../testdata/config');

/** Runs the exporter until it exits by itself; a run that hangs is killed and reported as such. */
function runUntilExit(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'bin/pulse-exporter'), args, { cwd: ROOT, env: { ...process.env, PULSE_ADMIN_KEY: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
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

describe('pulse-exporter failing to start', () => {
  it('prints the problem and exits 1 instead of hanging', async () => {
    const port = await freePort();
    const result = await runUntilExit([`--config.file=${join(TESTDATA, 'invalid-failover-self.yaml')}`, `--web.listen-address=127.0.0.1:${port}`]);
    expect(result).toMatchObject({ hung: false, code: 1 });
    expect(result.stderr).toContain('regions[0].failover[0]: must not name the region itself');
  }, 30_000);

  it('exits 1 when its listen address is taken, rather than hanging on with its store connection and probe thread', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      // A Redis store that keeps trying to connect (nothing listens there) holds timers and sockets open.
      const redisUrl = `redis://127.0.0.1:${await freePort()}`;
      const result = await runUntilExit([`--config.file=${join(ROOT, 'exporter/config/pulse.yml')}`, `--web.listen-address=127.0.0.1:${port}`], { REDIS_URL: redisUrl });
      expect(result).toMatchObject({ hung: false, code: 1 });
      expect(result.stderr).toContain('address already in use');
    } finally {
      taken.close();
    }
  }, 30_000);

  it('exits 1 naming the bad entry of REDIS_CLUSTER_NODES, before it starts anything', async () => {
    const port = await freePort();
    const result = await runUntilExit([`--config.file=${join(ROOT, 'exporter/config/pulse.yml')}`, `--web.listen-address=127.0.0.1:${port}`], { REDIS_CLUSTER_NODES: '127.0.0.1:7000,redis-b' });
    expect(result).toMatchObject({ hung: false, code: 1 });
    expect(result.stderr).toContain('REDIS_CLUSTER_NODES: "redis-b" is not host:port (port 1–65535)');
  }, 30_000);

  it('exits 1 naming the file when it does not exist', async () => {
    const port = await freePort();
    const result = await runUntilExit([`--config.file=${join(TESTDATA, 'no-such-file.yaml')}`, `--web.listen-address=127.0.0.1:${port}`]);
    expect(result).toMatchObject({ hung: false, code: 1 });
    expect(result.stderr).toContain('no-such-file.yaml');
  }, 30_000);
});
