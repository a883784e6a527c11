/** Child processes of the local stack: started with their logs in files, stopped in reverse order. */
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { launchProcess } from '../../common/testing/child-process';

export interface ServiceSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Resolves true once the service answers. */
  readonly ready: () => Promise<boolean>;
  /** How long to wait for it to be ready (30 s unless told). */
  readonly readyTimeoutMs?: number;
}

export interface RunningService {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

export async function startService(spec: ServiceSpec, logDir: string, cwd: string, timeoutMs = 30_000): Promise<RunningService> {
  const logFile = join(logDir, `${spec.name}.log`);
  const log = openSync(logFile, 'a');
  try {
    const { child } = await launchProcess({
      name: spec.name,
      command: spec.command,
      args: spec.args,
      env: spec.env,
      cwd,
      ready: spec.ready,
      readyTimeoutMs: spec.readyTimeoutMs ?? timeoutMs,
      installHint: 'run: sudo bash scripts/install-system-deps.sh',
      logFd: log,
    });
    return { name: spec.name, child, logFile };
  } catch (error) {
    throw new Error(`${(error as Error).message}; see ${logFile}`, { cause: error });
  } finally {
    closeSync(log); // the child keeps its own copy of the descriptor
  }
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
