/**
 * pulse-exporter as the benchmarks run it: a pulse.yml written here (regions pointing at the
 * bench simulator, one declared project and a project pattern, rate limits far above any load
 * the bench sends) and the real process, started by the exporter's own test harness.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../exporter/src/testing/exporter-process';
import type { Scope } from './scope';
import { answers, startProcess } from './service';

export interface BenchRegion {
  readonly code: string;
  /** The health URL the region's probe requests. */
  readonly target: string;
}

export interface BenchExporterOptions {
  readonly regions: readonly BenchRegion[];
  /** Probe interval of the scheduler; long when probes are driven through the API instead. */
  readonly interval: string;
  readonly timeout: string;
  readonly maxConcurrentProbes: number;
  /** Admits pattern projects p0, p1, … up to this many (the scrape section's series). */
  readonly patternProjects?: number;
  /** Use the Redis store at this URL; the in-memory store without it. */
  readonly redisUrl?: string;
  /** Use the Redis store on the Redis Cluster of these seed nodes (REDIS_CLUSTER_NODES). */
  readonly redisClusterNodes?: string;
  /** Write a V8 CPU profile here when the exporter exits. */
  readonly cpuProfDir?: string;
  /** PULSE_NODE_FLAGS for the exporter: Node's own flags, e.g. the small-footprint mode. */
  readonly nodeFlags?: string;
  /** More top-level pulse.yml keys, e.g. `exports` for the analytics section. */
  readonly extraConfig?: Readonly<Record<string, unknown>>;
  /** More command-line flags, e.g. `--web.max-connections` for the live section. */
  readonly extraArgs?: readonly string[];
}

export const BENCH_PROJECT = 'bench';
/** The vantage point every bench exporter names itself (its probe states are stored under it). */
export const BENCH_VANTAGE = 'bench';
/** The exporter's small-footprint mode, as the README gives it. */
export const SMALL_FOOTPRINT_FLAGS = '--optimize-for-size';
/** Pattern projects are named p0 … p9999. */
export const patternProject = (index: number): string => `p${index}`;
/** The highest per-minute limit the config accepts: no benchmark here comes near it. */
const RATE_LIMIT_PER_MINUTE = 1_000_000;

export interface BenchExporter {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly pid: number;
  /** Bearer key of the declared project `bench`. */
  readonly projectKey: string;
  /** Bearer key of the pattern projects. */
  readonly patternKey: string;
  /** The admin key: with it, GET /api/v1/regions/:code/health probes anew instead of answering the last result. */
  readonly adminKey: string;
}

export function writeExporterConfig(dir: string, options: BenchExporterOptions): string {
  const config = {
    apiVersion: 'pulse/v1',
    vantage: BENCH_VANTAGE,
    vantages: [{ name: BENCH_VANTAGE, latitude: 50.11, longitude: 8.68 }],
    scheduler: { max_concurrent_probes: options.maxConcurrentProbes },
    defaults: { probe: { interval: options.interval, timeout: options.timeout } },
    regions: options.regions.map((region, index) => ({
      code: region.code,
      name: `Bench ${region.code}`,
      url: `wss://127.0.0.1:1/rtc/${region.code}`,
      latitude: (index % 170) - 85,
      longitude: (index % 350) - 175,
      priority: 1,
      capacity: 10_000,
      // The same work as blackbox_exporter's http_2xx module: GET, status 200, no body checks.
      probe: { kind: 'http', target: region.target, http: { valid_status_codes: [200] } },
    })),
    projects: [{ id: BENCH_PROJECT, key_env: 'PULSE_BENCH_PROJECT_KEY' }],
    ...(options.patternProjects !== undefined && {
      project_pattern: { regex: 'p[0-9]{1,5}', max_projects: options.patternProjects, key_env: 'PULSE_BENCH_PATTERN_KEY' },
    }),
    usage: { rate_limit_per_minute: RATE_LIMIT_PER_MINUTE, idempotency_window: '1h' },
    ...options.extraConfig,
  };
  const path = join(dir, 'pulse.yml');
  writeFileSync(path, stringify(config));
  return path;
}

const ROOT = join(__dirname, '..');

/**
 * The compiled build, started as the Docker image starts it (bin/pulse-exporter with PULSE_DIST=1,
 * which runs dist/exporter/src/main.js with the exporter's Node flags; `npm run bench` builds it
 * first). Node's own flags, profiling's too, go through PULSE_NODE_FLAGS.
 */
export async function startBenchExporter(scope: Scope, dir: string, options: BenchExporterOptions): Promise<BenchExporter> {
  const projectKey = randomBytes(16).toString('hex');
  const patternKey = randomBytes(16).toString('hex');
  const adminKey = randomBytes(16).toString('hex');
  // Errors only: a saturated scheduler logs a warning for every tick it skips, which would be measured as probe cost.
  const env: Record<string, string> = { LOG_LEVEL: 'error', PULSE_BENCH_PROJECT_KEY: projectKey, PULSE_BENCH_PATTERN_KEY: patternKey, PULSE_ADMIN_KEY: adminKey };
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  if (options.redisClusterNodes) env.REDIS_CLUSTER_NODES = options.redisClusterNodes;
  if (!existsSync(join(ROOT, 'dist/exporter/src/main.js'))) throw new Error('dist/exporter/src/main.js is missing: run `npm run build` (npm run bench does)');
  env.PULSE_DIST = '1';
  // Node refuses --cpu-prof in NODE_OPTIONS; PULSE_NODE_FLAGS reaches the node command line.
  const nodeFlags = [options.nodeFlags, options.cpuProfDir && `--cpu-prof --cpu-prof-dir=${options.cpuProfDir}`].filter(Boolean);
  if (nodeFlags.length > 0) env.PULSE_NODE_FLAGS = nodeFlags.join(' ');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess(scope, {
    name: 'pulse-exporter',
    command: join(ROOT, 'bin/pulse-exporter'),
    args: [`--config.file=${writeExporterConfig(dir, options)}`, `--web.listen-address=127.0.0.1:${port}`, ...(options.extraArgs ?? [])],
    cwd: ROOT,
    env,
    ready: answers(`${url}/-/ready`),
    // Writing a CPU profile on exit takes a few seconds.
    stopTimeoutMs: options.cpuProfDir ? 30_000 : 5000,
  });
  return { url, pid: running.pid, projectKey, patternKey, adminKey };
}
