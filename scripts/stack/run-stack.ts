/**
 * The Pulse stack without Docker: Redis, Prometheus (with the generated rules and 90-day
 * retention), Alertmanager, the region simulator, pulse-exporter, pulse-forecaster and the usage
 * traffic generator, from Debian's binaries and this repository, on loopback. Grafana is left out.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GO_TEMPLATES_FILE } from '../../alert-rules/src/messages/render-go-template';
import { parse } from 'yaml';
import { parseDuration } from '../../common/duration';
import { DEFAULT_REGIONS } from '../../demo/simulator/default-regions';
import { CAUGHT_UP } from '../../demo/traffic/traffic-generator';
import { backfillUsageHistory } from './backfill';
import { routeReceiversToSink } from './loopback-receivers';
import { startNotificationSink, type NotificationSink } from './notification-sink';
import { DEFAULT_PORTS, localize, localReplacements, type StackPorts } from './localize';
import { httpReady, startService, stopServices, tcpReady, type RunningService, type ServiceSpec } from './processes';

export const ROOT = join(__dirname, '../..');
const NODE_TS = [process.execPath, '--import', 'tsx'] as const;

export interface StackOptions {
  readonly dir: string;
  readonly ports?: Partial<StackPorts>;
  readonly backfillDays?: number;
  readonly progress?: (message: string) => void;
  /** Edits applied to the localized config files (tests speed up intervals); none by default. */
  readonly tweak?: (file: ConfigName, text: string) => string;
  /** Which services to run (all by default). */
  readonly services?: ReadonlySet<ServiceName>;
}

export type ConfigName = 'prometheus.yml' | 'alertmanager.yml' | 'pulse.yml' | 'forecaster.yml';

export const SERVICE_NAMES = ['redis', 'prometheus', 'alertmanager', 'simulator', 'exporter', 'forecaster', 'traffic'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/**
 * Prometheus starts after the traffic has caught up with the backfilled history's end: its first
 * scrape then finds that usage already counted. (Caught up across its first scrapes, the usage of
 * minutes arrived within seconds, and ApiRequestsHigh, on one minute's increase, went pending.)
 */
const START_ORDER: readonly ServiceName[] = ['redis', 'alertmanager', 'simulator', 'exporter', 'traffic', 'prometheus', 'forecaster'];

export interface RunningStack {
  readonly ports: StackPorts;
  readonly urls: Readonly<Record<'prometheus' | 'alertmanager' | 'exporter' | 'forecaster' | 'simulator', string>>;
  readonly secretsDir: string;
  readonly services: readonly RunningService[];
  /** Where Alertmanager's receivers post instead of a pager, Slack or mail (nothing leaves the machine). */
  readonly notifications: NotificationSink;
  stop(): Promise<void>;
}

const SECRET_FILES = ['admin-key', 'demo-key', 'pulse-webhook-token'];

/** Tokens are made once per stack folder. */
function writeSecrets(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of SECRET_FILES) {
    const file = join(dir, name);
    if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const progress = options.progress ?? (() => undefined);
  const ports: StackPorts = { ...DEFAULT_PORTS, ...options.ports };
  const want = (name: ServiceName) => !options.services || options.services.has(name);
  const dirs = { config: join(options.dir, 'config'), data: join(options.dir, 'data'), logs: join(options.dir, 'logs'), secrets: join(options.dir, 'secrets') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  writeSecrets(dirs.secrets);

  const projectRulesDir = join(dirs.data, 'project-rules');
  mkdirSync(projectRulesDir, { recursive: true });
  const replacements = localReplacements(ports, { rulesDir: join(ROOT, 'alert-rules/generated'), secretsDir: dirs.secrets, projectRulesDir });
  const configFile = (name: ConfigName, source: string, local = (text: string) => text) => {
    const text = local(localize(readFileSync(join(ROOT, source), 'utf8'), replacements));
    const path = join(dirs.config, name);
    writeFileSync(path, options.tweak ? options.tweak(name, text) : text);
    return path;
  };
  const prometheusConfig = configFile('prometheus.yml', 'prometheus/prometheus.yml');
  const sinkUrl = `http://127.0.0.1:${ports.notifications}`;
  const alertmanagerConfig = configFile('alertmanager.yml', 'alert-rules/generated/alertmanager.yml', (text) => routeReceiversToSink(text, sinkUrl));
  // The config names its message templates relative to itself, as the compose file mounts them.
  copyFileSync(join(ROOT, 'alert-rules/generated', GO_TEMPLATES_FILE), join(dirs.config, GO_TEMPLATES_FILE));
  const exporterConfig = configFile('pulse.yml', 'exporter/config/pulse.stack.yml');
  const forecasterConfig = configFile('forecaster.yml', 'forecaster/config/forecaster.yml');

  const promData = join(dirs.data, 'prometheus');
  // History ends on a whole minute (backfill's finest step) and the demo traffic continues from
  // exactly there, however long the backfill and the start take: a hole between the two read as a
  // dip in the hour around the start, and the anomaly flag marked the busiest series.
  const backfill = want('prometheus') && (options.backfillDays ?? 90) > 0 && !existsSync(promData);
  const historyEndMs = backfill ? Math.floor(Date.now() / 60_000) * 60_000 - 60_000 : undefined;
  if (historyEndMs !== undefined) {
    mkdirSync(promData, { recursive: true });
    await backfillUsageHistory({
      dataDir: promData,
      workDir: dirs.data,
      regions: DEFAULT_REGIONS.map((r) => r.code),
      days: options.backfillDays ?? 90,
      stepMs: 30 * 60_000,
      // The forecaster's hourly history (forecaster.yml: history.hourly 22d), and a day to spare.
      hourlyStepMs: 2 * 60_000,
      hourlyMs: 23 * 86_400_000,
      recentStepMs: 60_000,
      recentMs: 6 * 3_600_000,
      targetLabels: { instance: `127.0.0.1:${ports.exporter}`, job: 'pulse-exporter' },
      endMs: historyEndMs,
      // Three days: the longest window of the SLO rules (alert-rules/specs/slos.yaml).
      probes: { regions: DEFAULT_REGIONS, ...stackProbing(exporterConfig), days: 3 },
      progress,
    });
  }

  const urls = {
    prometheus: `http://127.0.0.1:${ports.prometheus}`,
    alertmanager: `http://127.0.0.1:${ports.alertmanager}`,
    exporter: `http://127.0.0.1:${ports.exporter}`,
    forecaster: `http://127.0.0.1:${ports.forecaster}`,
    simulator: 'http://127.0.0.1:9480',
  };
  const specs: Array<[ServiceName, ServiceSpec]> = [
    ['redis', { name: 'redis', command: 'redis-server', args: ['--port', String(ports.redis), '--bind', '127.0.0.1', '--appendonly', 'yes', '--save', '', '--dir', mkdirp(join(dirs.data, 'redis'))], ready: tcpReady(ports.redis) }],
    [
      'prometheus',
      {
        name: 'prometheus',
        command: 'prometheus',
        args: [`--config.file=${prometheusConfig}`, `--storage.tsdb.path=${promData}`, '--storage.tsdb.retention.time=90d', `--web.listen-address=127.0.0.1:${ports.prometheus}`, '--web.enable-lifecycle'],
        ready: httpReady(`${urls.prometheus}/-/ready`),
      },
    ],
    [
      'alertmanager',
      {
        name: 'alertmanager',
        command: 'prometheus-alertmanager',
        args: [`--config.file=${alertmanagerConfig}`, `--storage.path=${mkdirp(join(dirs.data, 'alertmanager'))}`, `--web.listen-address=127.0.0.1:${ports.alertmanager}`, '--cluster.listen-address='],
        ready: httpReady(`${urls.alertmanager}/-/ready`),
      },
    ],
    ['simulator', { name: 'simulator', command: NODE_TS[0], args: [...NODE_TS.slice(1), 'demo/simulator/main.ts'], ready: httpReady(`${urls.simulator}/regions`) }],
    [
      'exporter',
      {
        name: 'exporter',
        command: join(ROOT, 'bin/pulse-exporter'),
        args: [`--config.file=${exporterConfig}`, `--web.listen-address=127.0.0.1:${ports.exporter}`],
        env: { REDIS_URL: `redis://127.0.0.1:${ports.redis}` },
        ready: httpReady(`${urls.exporter}/-/ready`),
      },
    ],
    [
      'forecaster',
      {
        name: 'forecaster',
        // Batch work at a lower priority: a run fits every series on every core for a minute, and the
        // exporter's probes, which time the regions, must not queue behind it on one machine (the
        // latency SLO burned for the slower regions during the first run of a fresh stack).
        command: 'nice',
        args: ['-n', '10', join(ROOT, 'bin/pulse-forecaster'), 'serve', `--config.file=${forecasterConfig}`, `--web.listen-address=127.0.0.1:${ports.forecaster}`],
        // The stack's admin key runs a forecast on demand (POST /api/v1/run), e.g. after a usage spike.
        env: { PULSE_ADMIN_KEY: readFileSync(join(dirs.secrets, 'admin-key'), 'utf8').trim() },
        ready: httpReady(`${urls.forecaster}/-/ready`),
      },
    ],
    [
      'traffic',
      {
        name: 'traffic',
        command: NODE_TS[0],
        args: [...NODE_TS.slice(1), 'demo/traffic/main.ts', '--exporter', urls.exporter, ...(historyEndMs === undefined ? [] : ['--since', new Date(historyEndMs).toISOString()])],
        env: { PULSE_DEMO_KEY_FILE: join(dirs.secrets, 'demo-key') },
        ready: historyEndMs === undefined ? async () => true : async () => caughtUp(join(dirs.logs, 'traffic.log'), historyEndMs),
        // A catch-up is one batch per 15 s since the history's end: minutes on a slow start.
        readyTimeoutMs: 180_000,
      },
    ],
  ];
  specs.sort(([a], [b]) => START_ORDER.indexOf(a) - START_ORDER.indexOf(b));

  progress('starting the notification sink…');
  const notifications = await startNotificationSink({ port: ports.notifications, logFile: join(dirs.logs, 'notifications.log') });
  const services: RunningService[] = [];
  try {
    for (const [name, spec] of specs) {
      if (!want(name)) continue;
      progress(`starting ${name}…`);
      services.push(await startService(spec, dirs.logs, ROOT));
    }
  } catch (error) {
    await stopServices(services);
    await notifications.close();
    throw error;
  }
  const stop = async () => {
    await stopServices(services);
    await notifications.close();
  };
  return { ports, urls, secretsDir: dirs.secrets, services, notifications, stop };
}

/** Whether the traffic's log says it has sent every window since `sinceMs`. */
function caughtUp(logFile: string, sinceMs: number): boolean {
  const since = new Date(sinceMs).toISOString();
  const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : [];
  const says = (line: string) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; since?: string };
      return entry.msg === CAUGHT_UP && entry.since === since;
    } catch {
      return false; // not a log line of the traffic's (a stack trace, a partial write)
    }
  };
  return lines.some((line) => line.includes(CAUGHT_UP) && says(line));
}

/** The vantage point the stack's exporter names itself (its live probe series carry it) and its probe interval. */
function stackProbing(configFile: string): { vantage: string; intervalMs: number } {
  const config = parse(readFileSync(configFile, 'utf8')) as { vantage?: unknown; defaults?: { probe?: { interval?: unknown } } };
  const interval = config.defaults?.probe?.interval;
  const intervalMs = typeof interval === 'string' ? parseDuration(interval) : undefined;
  if (typeof config.vantage !== 'string') throw new Error(`${configFile}: vantage: expected the exporter's vantage name (got ${JSON.stringify(config.vantage)})`);
  if (!intervalMs) throw new Error(`${configFile}: defaults.probe.interval: expected a duration such as 15s (got ${JSON.stringify(interval)})`);
  return { vantage: config.vantage, intervalMs };
}

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
