/**
 * Test harness: a real Alertmanager (Debian's prometheus-alertmanager, 0.25) on a free loopback
 * port, without clustering, with its own temporary storage. Not a test itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../../../common/testing/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface AlertmanagerHandle {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** SIGTERM, wait for the exit, delete the temporary directory. */
  stop(): Promise<void>;
}

const BINARY = process.env.ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager';
const READY_TIMEOUT_MS = 10_000;

/** Starts Alertmanager on this configuration text; retries once on another port if the first was taken. */
export async function startAlertmanager(configText: string): Promise<AlertmanagerHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, configText);
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    const port = await freePort();
    try {
      const child = await launch(configFile, dir, port);
      return {
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          await terminate(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

async function launch(configFile: string, dir: string, port: number): Promise<ChildProcess> {
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // An empty cluster address turns gossip off: a single instance, no port 9094.
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
  const child = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  });
  const failed = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`${BINARY}: ${error.message} (install the Debian package prometheus-alertmanager)`));
    child.once('exit', (code) => resolve(`exited with ${code} before it was ready:\n${output}`));
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const outcome = await Promise.race([failed, sleep(50, undefined)]);
    if (outcome !== undefined) throw new Error(`alertmanager on port ${port} ${outcome}`);
    if (await isReady(port)) return child;
  }
  await terminate(child);
  throw new Error(`alertmanager on port ${port} was not ready within ${READY_TIMEOUT_MS} ms:\n${output}`);
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/-/ready`, { signal: AbortSignal.timeout(500) });
    return response.ok;
  } catch {
    return false;
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

