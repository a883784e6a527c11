/**
 * Test harness: a real redis-server (Debian's package) on a free loopback port, so store tests
 * run against the real thing — including crashes (kill) and restarts that keep the append-only file.
 * Not a test itself: jest runs *.test.ts only.
 */
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { launchProcess } from './child-process';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RedisServerOptions {
  /** Persist every write to an append-only file, fsynced at once (default true), so restart() keeps data. */
  readonly appendOnly?: boolean;
  /** Default: a free port. */
  readonly port?: number;
  /** Working directory for the append-only file. Default: a new temporary directory. */
  readonly dir?: string;
  /** Require this password (--requirepass); `url` then stays without it. */
  readonly password?: string;
  /** Path of the redis-server binary. Default: found on PATH, else /usr/bin/redis-server. */
  readonly binary?: string;
  /** More redis-server arguments, e.g. ['--cluster-enabled', 'yes'] (redis-cluster.ts). */
  readonly extraArgs?: readonly string[];
}

export interface RedisServerHandle {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: nothing is flushed beyond what was already fsynced. */
  kill(): Promise<void>;
  /** SIGSTOP: the server keeps its connections open but answers nothing (a hung server). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Starts the server again on the same port and directory (stopping it first if running). */
  restart(): Promise<void>;
  /** Stops the server and deletes the temporary directory it created (not a `dir` it was given). */
  dispose(): Promise<void>;
}

const MISSING = 'redis-server not found: install the Debian package redis-server (npm test installs it when run as root)';
const READY_TIMEOUT_MS = 10_000;

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerHandle> {
  const binary = findRedisServer(options.binary);
  const appendOnly = options.appendOnly ?? true;
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'pulse-redis-'));
  // A free port can be taken between probing and binding; retry with another unless one was asked for.
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      const setup = { port, dir, appendOnly, password: options.password, extraArgs: options.extraArgs ?? [] };
      const first = await launch(binary, setup);
      return handleFor({ binary, setup, ownDir, first });
    } catch (error) {
      lastError = error;
    }
  }
  if (ownDir) rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** Resolves the binary, or throws the message that names the Debian package. */
export function findRedisServer(explicit?: string): string {
  const candidates = explicit
    ? [explicit]
    : [...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'redis-server')), '/usr/bin/redis-server'];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next place
    }
  }
  throw new Error(MISSING);
}

interface Launch {
  readonly port: number;
  readonly dir: string;
  readonly appendOnly: boolean;
  readonly password?: string;
  readonly extraArgs: readonly string[];
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

function handleFor({ binary, setup, ownDir, first }: { binary: string; setup: Launch; ownDir: boolean; first: Running }): RedisServerHandle {
  const { port, dir } = setup;
  let current: Running | undefined = first;

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    const running = current;
    current = undefined;
    if (!running) return;
    if (running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGCONT'); // a paused server cannot act on SIGTERM
      running.child.kill(name);
    }
    await running.exited;
  };

  const handle: RedisServerHandle = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    pause: () => current?.child.kill('SIGSTOP'),
    resume: () => current?.child.kill('SIGCONT'),
    async restart() {
      await signal('SIGTERM');
      current = await launchWithRetries(binary, setup);
    },
    async dispose() {
      await signal('SIGTERM');
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** The old process's port may take a moment to be free again after a kill. */
async function launchWithRetries(binary: string, setup: Launch): Promise<Running> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    try {
      return await launch(binary, setup);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

async function launch(binary: string, { port, dir, appendOnly, password, extraArgs }: Launch): Promise<Running> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', ''];
  args.push('--appendonly', appendOnly ? 'yes' : 'no');
  if (appendOnly) args.push('--appendfsync', 'always');
  if (password !== undefined) args.push('--requirepass', password);
  args.push(...extraArgs);
  const { child, exited } = await launchProcess({
    name: `redis-server on port ${port}`,
    command: binary,
    args,
    ready: () => answersPing(port),
    readyTimeoutMs: READY_TIMEOUT_MS,
    installHint: 'install the Debian package redis-server (npm test installs it when run as root)',
  });
  return { child, exited };
}

/** One raw RESP round trip, so the harness needs no client library. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // A server still loading its append-only file answers -LOADING; one with a password, -NOAUTH
      // (it is up, which is all this asks).
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

