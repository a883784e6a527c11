/**
 * Test harness: a real Prometheus (Debian's `prometheus` package) on a free loopback port, and
 * promtool's backfill, so tests can put known history into a TSDB and read it back through the
 * real query API. Used by the export CLI, the forecaster and end-to-end tests.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchProcess, type LaunchedProcess } from './child-process';

const INSTALL_HINT = 'install the Debian package prometheus (npm test installs it when run as root)';

// Collisions between picking a port and binding it are retried by startPrometheus.
export { freePort };

// ---------------------------------------------------------------------------------------------
// OpenMetrics text and backfill

export interface BackfillSeries {
  /** Sample name; for counters with or without `_total` (the family name never has it). */
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  readonly help?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** [Unix seconds, value]; sorted by time on output, as promtool appends in order. */
  readonly samples: ReadonlyArray<readonly [number, number]>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function familyName(series: BackfillSeries): string {
  return series.type === 'counter' ? series.name.replace(/_total$/, '') : series.name;
}

export function formatLabels(labels: Readonly<Record<string, string>>, where: string): string {
  const pairs = Object.entries(labels).map(([name, value]) => {
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: invalid label name "${name}"`);
    return `${name}="${escapeLabelValue(value)}"`;
  });
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/**
 * OpenMetrics text for promtool: one TYPE/HELP block per family (OpenMetrics forbids
 * interleaving families, so series of one family are grouped), counter samples named
 * `<family>_total`, timestamps in seconds, ending with `# EOF`.
 */
export function toOpenMetrics(series: readonly BackfillSeries[]): string {
  const families = new Map<string, BackfillSeries[]>();
  for (const one of series) {
    const family = familyName(one);
    if (!NAME.test(family)) throw new Error(`toOpenMetrics: invalid metric name "${one.name}"`);
    const members = families.get(family) ?? [];
    if (members.length > 0 && members[0].type !== one.type) {
      throw new Error(`toOpenMetrics: ${family} is both ${members[0].type} and ${one.type}`);
    }
    members.push(one);
    families.set(family, members);
  }
  const lines: string[] = [];
  for (const [family, members] of families) {
    const { type } = members[0];
    const help = members.find((member) => member.help !== undefined)?.help;
    lines.push(`# TYPE ${family} ${type}`);
    if (help !== undefined) lines.push(`# HELP ${family} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    const sampleName = type === 'counter' ? `${family}_total` : family;
    for (const member of members) {
      const labels = formatLabels(member.labels, `toOpenMetrics: ${family}`);
      const samples = [...member.samples].sort((a, b) => a[0] - b[0]);
      for (const [seconds, value] of samples) lines.push(`${sampleName}${labels} ${formatNumber(value)} ${seconds}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function run(binary: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * Writes OpenMetrics text as TSDB blocks into dataDir with
 * `promtool tsdb create-blocks-from openmetrics`. A missing final `# EOF` is added.
 */
export async function backfillOpenMetrics(text: string, dataDir: string, options: { promtool?: string } = {}): Promise<void> {
  const promtool = options.promtool ?? 'promtool';
  const input = /# EOF\n?$/.test(text) ? text : `${text.replace(/\n?$/, '\n')}# EOF\n`;
  const scratch = await mkdtemp(join(tmpdir(), 'pulse-backfill-'));
  try {
    const file = join(scratch, 'input.om');
    await writeFile(file, input);
    // Ten-day blocks: promtool's default two-hour ones make 1,200 blocks of 100 days, minutes on a loaded machine.
    await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', '--max-block-duration=240h', file, dataDir]);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error(`promtool not found: ${INSTALL_HINT}`, { cause: error });
    throw new Error(`backfill into ${dataDir}: ${failure.stderr?.trim() || failure.message}`, { cause: error });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Prometheus server

export interface PrometheusOptions {
  /** TSDB directory, e.g. one filled by backfillOpenMetrics; default a fresh temporary one (removed on stop). */
  readonly dataDir?: string;
  /** prometheus.yml text; default a config without scrape jobs. */
  readonly configYaml?: string;
  /** Long by default so backfilled old blocks are not deleted at start-up. */
  readonly retention?: string;
  /** Extra flags, e.g. `--query.max-samples=1000`. */
  readonly args?: readonly string[];
  readonly binary?: string;
}

export interface PrometheusHandle {
  readonly url: string;
  readonly port: number;
  /** What Prometheus logged so far (its stderr), for failure messages. */
  logs(): string;
  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and removes the temporary files. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_CONFIG = 'global:\n  scrape_interval: 15s\n';
const READY_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

/**
 * Starts Prometheus on 127.0.0.1 and waits for /-/ready. Prometheus 2.39+ accepts overlapping
 * blocks without a flag (2.42's --storage.tsdb.allow-overlapping-blocks is deprecated), so
 * backfilled blocks load as they are.
 */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      // freePort() can race with another process binding the same port; only that is retried.
      if (attempt >= PORT_ATTEMPTS || !/address already in use/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(options: PrometheusOptions): Promise<PrometheusHandle> {
  const scratch = await mkdtemp(join(tmpdir(), 'pulse-prometheus-'));
  const dataDir = options.dataDir ?? join(scratch, 'data');
  const configFile = join(scratch, 'prometheus.yml');
  await writeFile(configFile, options.configYaml ?? DEFAULT_CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--storage.tsdb.retention.time=${options.retention ?? '10y'}`,
    ...(options.args ?? []),
  ];
  let server: LaunchedProcess;
  try {
    server = await launchProcess({
      name: 'prometheus',
      command: options.binary ?? 'prometheus',
      args,
      ready: async () => (await fetch(`${url}/-/ready`)).ok,
      readyTimeoutMs: READY_TIMEOUT_MS,
      installHint: INSTALL_HINT,
    });
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= server.stop().then(() => rm(scratch, { recursive: true, force: true }));
    return stopping;
  };
  return { url, port, logs: () => server.output(), stop };
}
