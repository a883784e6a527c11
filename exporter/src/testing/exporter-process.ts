/**
 * Test harness: runs the real pulse-exporter as a child process on a free loopback port and
 * reads it over HTTP, the way Prometheus and clients do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { freePort } from '../../../common/testing/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import type { SimulatedRegionInfo } from '../../../demo/simulator/simulator';

const ROOT = join(__dirname, '../../..');

export { freePort };

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pulse-test-'));
}

export interface ExporterProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr (its JSON logs). */
  logs(): string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  json<T = unknown>(path: string, headers?: Record<string, string>): Promise<T>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  metrics(): Promise<string>;
  stop(): Promise<number | null>;
}

/**
 * How long an exporter may take to answer /-/ready. Generous: three started at once took 8-10 s
 * beside other work at load 8-9 with tsx's transform cache warm, and 20 s was not enough at load 11
 * (a clean CI clone starts with that cache cold).
 */
const READY_TIMEOUT_MS = 60_000;
/** How long a test that starts an exporter may take: a start as slow as the ready deadline allows, and as long again for the rest. */
export const STARTS_EXPORTER_TIMEOUT_MS = 2 * READY_TIMEOUT_MS;

/** `dist`: run the compiled build through bin/pulse-exporter, as the Docker image does (npm run build first). */
export async function startExporter(configFile: string, options: { env?: Record<string, string>; args?: string[]; dist?: boolean } = {}): Promise<ExporterProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const flags = [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, ...(options.args ?? [])];
  const [command, args] = options.dist
    ? [join(ROOT, 'bin/pulse-exporter'), flags]
    : [process.execPath, ['--import', 'tsx', join(ROOT, 'exporter/src/main.ts'), ...flags]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...(options.dist && { PULSE_DIST: '1' }), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stderr!.on('data', (chunk) => (logs += chunk));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const handle: ExporterProcess = {
    url,
    child,
    logs: () => logs,
    get: (path, headers = {}) => fetch(url + path, { headers }),
    json: async <T,>(path: string, headers: Record<string, string> = {}) => (await (await fetch(url + path, { headers })).json()) as T,
    post: (path, body, headers = {}) =>
      fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    metrics: async () => (await fetch(`${url}/metrics`)).text(),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exporter exited with ${child.exitCode} before it was ready:\n${logs}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) return handle;
    await sleep(100);
  }
  await handle.stop();
  throw new Error(`exporter not ready after ${READY_TIMEOUT_MS / 1000} s:\n${logs}`);
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
/** `everyMs`: the pause between checks (a check that calls a rate-limited API needs a longer one). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The value of one sample in a text exposition, or undefined. */
export function sample(metricsText: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

export interface TestRegionOptions {
  readonly priority?: number;
  readonly failover?: string[];
  readonly active?: boolean;
  readonly interval?: string;
  readonly timeout?: string;
}

/** Writes a pulse.yml probing the simulator's regions over plain HTTP, and returns its path. */
export function writeSimulatorConfig(
  dir: string,
  regions: readonly SimulatedRegionInfo[],
  options: { interval?: string; timeout?: string; health?: Record<string, unknown>; perRegion?: Record<string, TestRegionOptions>; extra?: Record<string, unknown> } = {},
  file = 'pulse.yml',
): string {
  const config = {
    apiVersion: 'pulse/v1',
    vantage: 'local',
    vantages: [{ name: 'local', latitude: 50.11, longitude: 8.68 }],
    defaults: { probe: { interval: options.interval ?? '200ms', timeout: options.timeout ?? '150ms' }, health: options.health ?? { window: 5, down_after: 3, degraded_after: 3 } },
    ...options.extra,
    regions: regions.map((r, index) => {
      const own = options.perRegion?.[r.code] ?? {};
      return {
        code: r.code,
        name: `Region ${r.code}`,
        url: r.mediaUrl,
        latitude: 10 * index,
        longitude: 10 * index,
        priority: own.priority ?? 1,
        capacity: r.capacity,
        failover: own.failover ?? [],
        active: own.active ?? true,
        probe: {
          kind: 'http',
          target: r.healthUrl,
          ...(own.interval ? { interval: own.interval } : {}),
          ...(own.timeout ? { timeout: own.timeout } : {}),
          http: { valid_status_codes: [200], load_field: 'load.participants' },
        },
      };
    }),
  };
  const path = join(dir, file);
  writeFileSync(path, stringify(config));
  return path;
}
