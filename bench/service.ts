/**
 * A peer tool (blackbox_exporter, pushgateway) or helper as a child process on a free loopback
 * port: started, waited for until it answers, and stopped by its scope (SIGTERM, then SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Scope } from './scope';

export interface RunningProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last few kilobytes it wrote, for error messages. */
  output(): string;
}

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Resolves true once the process is ready; polled every 100 ms with what it has printed so far. */
  readonly ready: (output: string) => Promise<boolean>;
  readonly readyTimeoutMs?: number;
  /** How long a SIGTERM may take before SIGKILL (default 5 s). */
  readonly stopTimeoutMs?: number;
}

const OUTPUT_KEPT = 8192;

export async function startProcess(scope: Scope, spec: ProcessSpec): Promise<RunningProcess> {
  const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  scope.defer(`stop ${spec.name}`, () => stopChild(child, exited, spec.stopTimeoutMs ?? 5000));

  const deadline = Date.now() + (spec.readyTimeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    const state = await Promise.race([spawnError, exited.then(() => 'exited' as const), sleep(100, 'running' as const)]);
    if (state instanceof Error) {
      const hint = (state as NodeJS.ErrnoException).code === 'ENOENT' ? ' (run bench/install-peers.sh)' : '';
      throw new Error(`start ${spec.name}: ${state.message}${hint}`, { cause: state });
    }
    if (state === 'exited') throw new Error(`${spec.name} exited while starting:\n${output}`);
    if (await spec.ready(output).catch(() => false)) return { name: spec.name, pid: child.pid!, child, output: () => output };
  }
  throw new Error(`${spec.name} not ready after ${(spec.readyTimeoutMs ?? 20_000) / 1000} s:\n${output}`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(killer);
}

export const answers = (url: string) => async (): Promise<boolean> => (await fetch(url)).ok;
