/**
 * The one way tests and the local stack start a server as a child process and wait for it: spawn,
 * keep the end of its output, poll `ready` until a deadline while watching for a failed spawn or
 * an early exit, and stop it with SIGTERM, then SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** The end of a process's output kept for error messages. */
const OUTPUT_LIMIT = 64 * 1024;

export interface LaunchSpec {
  /** How messages name the process ("prometheus", "redis-server on port 6379"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Resolves true once the process serves; a rejection counts as not yet. */
  readonly ready: () => Promise<boolean>;
  readonly readyTimeoutMs: number;
  /** Said when the command is not found ("install the Debian package prometheus"). */
  readonly installHint?: string;
  /** A file descriptor for the output (the stack's log files); by default it is kept in memory. */
  readonly logFd?: number;
}

export interface LaunchedProcess {
  readonly child: ChildProcess;
  /** The end of what it wrote (stdout and stderr), unless it writes to logFd. */
  output(): string;
  /** Resolves once it has exited, for whatever reason. */
  readonly exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export async function launchProcess(spec: LaunchSpec): Promise<LaunchedProcess> {
  const stdio = spec.logFd === undefined ? (['ignore', 'pipe', 'pipe'] as const) : (['ignore', spec.logFd, spec.logFd] as const);
  const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: [...stdio] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error) => (spawnError = error));
  const running = () => child.exitCode === null && child.signalCode === null && !spawnError;

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000): Promise<void> => {
    stopping ??= (async () => {
      if (!running()) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };
  const launched: LaunchedProcess = { child, output: () => output, exited, stop };

  const deadline = Date.now() + spec.readyTimeoutMs;
  while (Date.now() < deadline) {
    // Let a spawn failure or an early exit surface before asking again.
    await sleep(50);
    if (spawnError) {
      if (spawnError.code === 'ENOENT') throw new Error(`${spec.name} not found${spec.installHint ? `: ${spec.installHint}` : ` (${spec.command})`}`, { cause: spawnError });
      throw new Error(`start ${spec.name}: ${spawnError.message}`, { cause: spawnError });
    }
    if (!running()) {
      await exited;
      throw new Error(`${spec.name} exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${output}`);
    }
    if (await spec.ready().catch(() => false)) return launched;
  }
  await stop(1000);
  throw new Error(`${spec.name} not ready after ${spec.readyTimeoutMs / 1000} s:\n${output}`);
}
