/** Child processes of the local stack: started with their logs in files, stopped in reverse order. */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServiceSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Resolves true once the service answers. */
  readonly ready: () => Promise<boolean>;
}

export interface RunningService {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

export async function startService(spec: ServiceSpec, logDir: string, cwd: string, timeoutMs = 30_000): Promise<RunningService> {
  const logFile = join(logDir, `${spec.name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(spec.command, [...spec.args], { cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', log, log] });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? `${spec.name}: ${spec.command} not found (run: sudo bash scripts/install-system-deps.sh)` : `${spec.name}: ${error.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`${spec.name} exited with ${code} while starting; see ${logFile}`)));
  });
  const deadline = Date.now() + timeoutMs;
  const waitReady = (async () => {
    while (Date.now() < deadline) {
      if (await spec.ready().catch(() => false)) return;
      await sleep(100);
    }
    throw new Error(`${spec.name} not ready after ${timeoutMs / 1000} s; see ${logFile}`);
  })();
  try {
    await Promise.race([waitReady, failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  failed.catch(() => undefined);
  return { name: spec.name, child, logFile };
}

export async function stopServices(services: readonly RunningService[]): Promise<void> {
  for (const service of [...services].reverse()) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) continue;
    const exited = new Promise((resolve) => service.child.once('exit', resolve));
    service.child.kill('SIGTERM');
    const timer = setTimeout(() => service.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export const httpReady = (url: string) => async () => (await fetch(url)).ok;

export const tcpReady = (port: number) => () =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
