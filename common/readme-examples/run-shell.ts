/**
 * Runs a README example in bash as a reader would paste it, with one change: `curl` is a function
 * that adds `-sS`, a time limit (streams such as `curl -N` never end) and its HTTP status on
 * stderr, so the test can tell what each request answered without rewriting the command.
 */
import { spawn } from 'node:child_process';

export interface ShellRun {
  /** The HTTP status of every curl the command ran, in order (0: no answer). */
  readonly statuses: readonly number[];
  readonly stdout: string;
  /** stderr without the status marks. */
  readonly stderr: string;
  /** null when the time limit stopped it. */
  readonly exitCode: number | null;
}

/** curl's status mark; found anywhere, since another writer to stderr (`tee /dev/stderr`) may leave a line open before it. */
const STATUS_MARK = /@@status (\d{3})\n?/g;

function curlFunction(maxTimeSeconds: number): string {
  return `curl() { command curl -sS --max-time ${maxTimeSeconds} -w '%{stderr}\\n@@status %{http_code}\\n' "$@"; }`;
}

/** Stops the command's process group (bash and whatever it started). */
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Gone already: its 'close' is on its way.
  }
}

export interface ShellOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** Each curl's own limit (`--max-time`): a stream (`curl -N`) then ends with its status. */
  readonly curlMaxTimeSeconds: number;
  /** The whole command is stopped (SIGTERM to its process group) this long after it started… */
  readonly stopAfterMs: number;
  /** …or as soon as its output matches this: for examples that print a stream until stopped. */
  readonly stopWhen?: RegExp;
}

/**
 * The script's stderr is a pipe, as a terminal is a device: `tee /dev/stderr` cannot open the
 * socket Node gives a child.
 */
export function runShell(command: string, options: ShellOptions): Promise<ShellRun> {
  const script = `exec 2> >(cat >&2)\n${curlFunction(options.curlMaxTimeSeconds)}\n${command}\n`;
  const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (options.stopWhen?.test(stdout)) stopGroup(child.pid!);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The whole group: a streaming example's own process (node, curl) outlives its shell otherwise.
  const limit = setTimeout(() => stopGroup(child.pid!), options.stopAfterMs);
  return new Promise((resolve) => {
    // 'close' waits for the stderr pipe's last writer (the `cat`), after bash itself has exited.
    child.once('close', (code) => {
      clearTimeout(limit);
      const statuses = [...stderr.matchAll(STATUS_MARK)].map((m) => Number(m[1]));
      resolve({ statuses, stdout, stderr: stderr.replace(STATUS_MARK, '').trim(), exitCode: code });
    });
  });
}
