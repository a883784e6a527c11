/**
 * `bin/pulse export` as users run it: a child process against a real Prometheus holding four
 * days of hourly usage backfilled with promtool, for three projects × two regions, each series
 * exposed by two exporter replicas with identical totals (as with the shared Redis store).
 */
import { REQUESTS_IN_FLIGHT } from './run-export';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfillOpenMetrics, freePort, startPrometheus, toOpenMetrics, type BackfillSeries, type PrometheusHandle } from '../../common/testing/prometheus-server';
import { RECORDED_BUCKETS } from '../../exporter/src/recorded/model';
import { customMetricHistory } from './testing/custom-history';
import { USAGE_METRICS, type UsageMetric } from './usage-metrics';

const PULSE = join(__dirname, '../../bin/pulse');
const HOUR_S = 3600;
const START_S = Date.UTC(2026, 9, 1) / 1000; // 2026-10-01T00:00:00Z
const DAYS = 4;
// The odd project name checks CSV quoting and matcher escaping: unescaped, "a.c" would match "abc".
const PROJECTS = ['acme', 'globex', 'a.c,"me"'];
const REGIONS = ['eu-west', 'us-east'];
const REPLICAS = ['pulse-a:9470', 'pulse-b:9470'];

/** Usage added per hour: a distinct whole number for every metric, project and region. */
const hourly = (metric: UsageMetric, project: string, region: string): number =>
  (USAGE_METRICS.indexOf(metric) + 1) * 100 + PROJECTS.indexOf(project) * 10 + REGIONS.indexOf(region) + 1;

/** What each series reads at a given hour: a running total for counters, a growing level for storage. */
const reading = (metric: UsageMetric, project: string, region: string, hour: number): number =>
  metric.kind === 'counter' ? 5000 + hourly(metric, project, region) * hour : 1e9 * (PROJECTS.indexOf(project) + 1) + 1e6 * REGIONS.indexOf(region) + 1000 * hour;

function history(): BackfillSeries[] {
  return [...customMetricHistory({ startS: START_S, hours: DAYS * 24, replicas: REPLICAS }), ...usageHistory()];
}

function usageHistory(): BackfillSeries[] {
  return USAGE_METRICS.flatMap((metric) =>
    PROJECTS.flatMap((project) =>
      REGIONS.flatMap((region) =>
        REPLICAS.map((instance) => ({
          name: metric.name,
          type: metric.kind,
          labels: { instance, job: 'pulse-exporter', project, region },
          samples: Array.from({ length: DAYS * 24 + 1 }, (_, hour) => [START_S + hour * HOUR_S, reading(metric, project, region, hour)] as const),
        })),
      ),
    ),
  );
}

interface Row {
  timestamp: string;
  metric: string;
  project: string;
  region: string;
  value: number;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rows the export must produce, in its documented order: chunk (a day), metric, project and region, time. */
function expectedRows(options: { fromHour: number; steps: number; stepHours: number; metrics?: UsageMetric[]; projects?: string[]; regions?: string[] }): Row[] {
  const { fromHour, steps, stepHours } = options;
  const metrics = options.metrics ?? [...USAGE_METRICS];
  const projects = [...(options.projects ?? PROJECTS)].sort(byText);
  const regions = [...(options.regions ?? REGIONS)].sort(byText);
  const stepsPerChunk = Math.max(1, Math.floor(24 / stepHours));
  const rows: Row[] = [];
  for (let first = 0; first < steps; first += stepsPerChunk) {
    for (const metric of metrics) {
      for (const project of projects) {
        for (const region of regions) {
          for (let step = first; step < Math.min(first + stepsPerChunk, steps); step++) {
            const startHour = fromHour + step * stepHours;
            const endHour = startHour + stepHours;
            const value =
              metric.kind === 'counter' ? reading(metric, project, region, endHour) - reading(metric, project, region, startHour) : reading(metric, project, region, endHour);
            rows.push({ timestamp: new Date((START_S + startHour * HOUR_S) * 1000).toISOString().replace('.000Z', 'Z'), metric: metric.type, project, region, value });
          }
        }
      }
    }
  }
  return rows;
}

/** RFC 4180, enough for the test: quoted fields with doubled quotes and embedded commas. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && (char === ',' || char === '\n')) {
      record.push(field);
      field = '';
      if (char === '\n') {
        records.push(record);
        record = [];
      }
    } else {
      field += char;
    }
  }
  return records;
}

function csvRows(text: string): Row[] {
  const [header, ...records] = parseCsv(text);
  expect(header).toEqual(['timestamp', 'metric', 'project', 'region', 'value']);
  return records.map(([timestamp, metric, project, region, value]) => ({ timestamp, metric, project, region, value: Number(value) }));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function pulse(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.PROMETHEUS_URL;
    const child = spawn(PULSE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SUMMARY = /^pulse export: (\d+) rows, (\d+) series to (.+) in \d+\.\d s(.*)\n$/;

describe('pulse export', () => {
  let prometheus: PrometheusHandle;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'pulse-export-test-'));
    const dataDir = join(scratch, 'tsdb');
    await backfillOpenMetrics(toOpenMetrics(history()), dataDir);
    prometheus = await startPrometheus({ dataDir });
  });

  afterAll(async () => {
    await prometheus?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('exports daily CSV whose values are the exact daily increases, replicas counted once', async () => {
    const run = await pulse(['export', '--from', '2026-10-01', '--to', '2026-10-04', '--step', '1d', '--prometheus.url', prometheus.url]);
    expect(run.stderr).toMatch(SUMMARY);
    expect(run.stderr.match(SUMMARY)!.slice(1, 5)).toEqual(['90', '30', 'stdout', '']);
    expect(run.code).toBe(0);
    expect(csvRows(run.stdout)).toEqual(expectedRows({ fromHour: 0, steps: 3, stepHours: 24 }));
    expect(run.stdout).toContain('2026-10-01T00:00:00Z,participant_minutes,"a.c,""me""",eu-west,2904\n');
  });

  it('streams hourly JSON over several chunks as one valid array', async () => {
    const run = await pulse([
      'export',
      '--from',
      '2026-10-01T00:00:00Z',
      '--to',
      String(START_S + 48 * HOUR_S),
      '--metrics',
      'participant_minutes,storage_bytes',
      '--format',
      'json',
      '--prometheus.url',
      prometheus.url,
    ]);
    expect(run.code).toBe(0);
    const metrics = USAGE_METRICS.filter((metric) => metric.type === 'participant_minutes' || metric.type === 'storage_bytes');
    expect(JSON.parse(run.stdout)).toEqual(expectedRows({ fromHour: 0, steps: 48, stepHours: 1, metrics }));
  });

  it('keeps only the projects and regions asked for, escaping their names in the matcher', async () => {
    const metrics = USAGE_METRICS.filter((metric) => metric.type === 'api_requests');
    const run = await pulse(
      ['export', '--from', '2026-10-02', '--to', '2026-10-03T12:00:00Z', '--step', '1d', '--metrics', 'api_requests', '--format', 'json'].concat(
        ['--project', 'acme', '--project', 'a.c,"me"', '--region', 'us-east', '--prometheus.url', prometheus.url],
      ),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expectedRows({ fromHour: 24, steps: 1, stepHours: 24, metrics, projects: ['acme', 'a.c,"me"'], regions: ['us-east'] }));
    expect(run.stderr.match(SUMMARY)![4]).toBe('; the last 12h of the range is shorter than --step 1d and was not exported');
  });

  it('writes --out and nothing to stdout', async () => {
    const out = join(scratch, 'usage.csv');
    const run = await pulse(['export', '--from', '2026-10-01', '--to', '2026-10-04', '--step', '1d', '--out', out, '--prometheus.url', prometheus.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.match(SUMMARY)?.[3]).toBe(out);
    expect(csvRows(readFileSync(out, 'utf8'))).toEqual(expectedRows({ fromHour: 0, steps: 3, stepHours: 24 }));
  });

  it('refuses a metric that is neither a usage type nor a custom metric Prometheus holds, with exit 2, writing nothing', async () => {
    const out = join(scratch, 'never.csv');
    const run = await pulse(['export', '--from', '2026-10-01', '--to', '2026-10-03', '--metrics', 'participant_minutes,cpu_seconds,revenue', '--out', out, '--prometheus.url', prometheus.url]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pulse export: --metrics: unknown metric "cpu_seconds": not a usage type (participant_minutes, egress_minutes, storage_bytes, bandwidth_bytes, api_requests), and Prometheus holds no custom metric (definition or recorded value) of that name between 2026-10-01T00:00:00Z and 2026-10-03T00:00:00Z\n(pulse export --help shows the flags)\n',
    });
    expect(existsSync(out)).toBe(false);
  });

  it("exports custom metrics by name: recorded values (a histogram as its buckets, sum and count) and definitions' series, the project's only", async () => {
    const day = (d: number) => `2026-10-0${d + 1}T00:00:00Z`;
    const run = await pulse(
      ['export', '--from', '2026-10-01', '--to', '2026-10-03', '--step', '1d', '--metrics', 'revenue,cpu_usage,checkout_seconds,eu_minutes,storage_peak'].concat(
        ['--project', 'acme', '--format', 'json', '--prometheus.url', prometheus.url],
      ),
    );
    expect(run.code).toBe(0);
    const row = (d: number, metric: string, value: number, region = '') => ({ timestamp: day(d), metric, project: 'acme', region, value });
    const perDay = (d: number) => [
      row(d, 'revenue{currency="EUR"}', 120),
      row(d, 'revenue{currency="USD"}', 72),
      row(d, 'cpu_usage{server="web-01"}', 73),
      ...RECORDED_BUCKETS.map((le) => row(d, `checkout_seconds_bucket{le="${le}"}`, le >= 7 ? 48 : le >= 0.5 ? 24 : 0)),
      row(d, 'checkout_seconds_bucket{le="+Inf"}', 48),
      row(d, 'checkout_seconds_sum', 180),
      row(d, 'checkout_seconds_count', 48),
      row(d, 'project:eu_minutes:sum_rate5m', 42),
      row(d, 'project_region:storage_peak:max', 9e9, 'eu-west'),
    ];
    const rows = JSON.parse(run.stdout) as Row[];
    const order = (a: Row, b: Row) => byText(a.timestamp, b.timestamp) || byText(a.metric, b.metric);
    expect([...rows].sort(order)).toEqual([...perDay(0), ...perDay(1)].sort(order));
    // Rows come day by day, then in the order --metrics named them.
    expect(rows.slice(0, 3).map((r) => r.metric)).toEqual(['revenue{currency="EUR"}', 'revenue{currency="USD"}', 'cpu_usage{server="web-01"}']);
    expect(run.stderr.match(SUMMARY)!.slice(1, 3)).toEqual([String(rows.length), String(rows.length / 2)]);
  });

  it("exports a custom metric of every project that holds it when no --project is given, and no other project's with one", async () => {
    const args = ['export', '--from', '2026-10-01', '--to', '2026-10-02', '--step', '1d', '--metrics', 'revenue,eu_minutes', '--prometheus.url', prometheus.url];
    const all = csvRows((await pulse(args)).stdout);
    expect(all.map((r) => `${r.project} ${r.metric} ${r.value}`)).toEqual([
      'acme revenue{currency="EUR"} 120',
      'acme revenue{currency="USD"} 72',
      'globex revenue{currency="USD"} 24000',
      'acme project:eu_minutes:sum_rate5m 42',
      'globex project:eu_minutes:sum_rate5m 7',
    ]);
    const globex = csvRows((await pulse([...args, '--project', 'globex'])).stdout);
    expect(globex.map((r) => `${r.project} ${r.metric} ${r.value}`)).toEqual(['globex revenue{currency="USD"} 24000', 'globex project:eu_minutes:sum_rate5m 7']);
    const unknownThere = await pulse([...args.slice(0, 8), 'cpu_usage', ...args.slice(9), '--project', 'globex']);
    expect(unknownThere.code).toBe(2);
    expect(unknownThere.stderr).toContain('unknown metric "cpu_usage"');
    expect(unknownThere.stderr).toContain('for --project globex');
  });

  it('exits 1 naming the URL when nothing listens there, leaving an existing --out file alone', async () => {
    const port = await freePort();
    const out = join(scratch, 'previous.csv');
    writeFileSync(out, 'yesterday\n');
    const run = await pulse(['export', '--from', '2026-10-01', '--to', '2026-10-02', '--out', out, '--prometheus.url', `http://127.0.0.1:${port}`]);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `pulse export: cannot reach Prometheus at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n` });
    expect(readFileSync(out, 'utf8')).toBe('yesterday\n');
  });

  it('removes the incomplete --out file when the link to Prometheus breaks mid-export', async () => {
    // A real network failure, not a fake Prometheus: the first request reaches the real server,
    // then the link drops every connection.
    let requests = 0;
    const link: Server = createServer(async (request, response) => {
      if (++requests > 1) return request.socket.destroy();
      const body = await new Promise<Buffer>((resolve) => {
        const parts: Buffer[] = [];
        request.on('data', (part: Buffer) => parts.push(part)).on('end', () => resolve(Buffer.concat(parts)));
      });
      const upstream = await fetch(prometheus.url + request.url, { method: request.method, headers: { 'content-type': request.headers['content-type'] ?? '' }, body });
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      response.end(await upstream.text());
    });
    await new Promise<void>((resolve) => link.listen(0, '127.0.0.1', resolve));
    const linkUrl = `http://127.0.0.1:${(link.address() as { port: number }).port}`;
    const out = join(scratch, 'broken.csv');
    try {
      const run = await pulse(['export', '--from', '2026-10-01', '--to', '2026-10-03', '--out', out, '--prometheus.url', linkUrl]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^pulse export: cannot reach Prometheus at ${linkUrl}: .+\npulse export: removed the incomplete ${out}\n$`));
      // It stops at the first failure: no request past those already in flight with it.
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(requests).toBeLessThanOrEqual(1 + REQUESTS_IN_FLIGHT);
      expect(existsSync(out)).toBe(false);
    } finally {
      link.closeAllConnections();
      await new Promise((resolve) => link.close(resolve));
    }
  });

  it('prints its usage for --help, and bin/pulse refuses unknown commands with exit 2', async () => {
    const help = await pulse(['export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: pulse export --from TIME/);
    const unknown = await pulse(['exprot']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^pulse: unknown command "exprot"\n\nusage: pulse <command>/);
  });
});

describe('pulse export against a Prometheus that refuses the query', () => {
  let prometheus: PrometheusHandle;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'pulse-export-test-'));
    const dataDir = join(scratch, 'tsdb');
    await backfillOpenMetrics(toOpenMetrics(history()), dataDir);
    // A real limit of Prometheus, low enough that a daily increase is too much for it.
    prometheus = await startPrometheus({ dataDir, args: ['--query.max-samples=20'] });
  });

  afterAll(async () => {
    await prometheus?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("exits 1 with Prometheus' errorType and error, the query and its range", async () => {
    const run = await pulse(['export', '--from', '2026-10-01', '--to', '2026-10-02', '--step', '1d', '--metrics', 'egress_minutes', '--prometheus.url', prometheus.url]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `pulse export: Prometheus at ${prometheus.url} refused the query: execution: query processing would load too many samples into memory in query execution`,
        '  query: sum by (project, region) (max without (instance, pod, job) (increase(pulse_usage_egress_minutes_total[1d])))',
        '  range: 2026-10-02T00:00:00Z to 2026-10-02T00:00:00Z step 1d',
        '',
      ].join('\n'),
    });
  });
});
