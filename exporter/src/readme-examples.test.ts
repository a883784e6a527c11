/**
 * Every shell example of README.md's pulse-exporter part, run as written, in the order written,
 * against a real exporter (with Redis, Prometheus, Alertmanager and the demo region simulator on
 * loopback): the README's addresses become the test's, its abbreviated ids (`6f1c…`) the ids the
 * exporter gave, and `.stack/secrets/demo-key` a file in the examples' own directory. Each
 * request must succeed, unless the README says its example answers an error here, and where the
 * README prints the answer, the answer must have its top-level keys (all of them, when the README
 * elides none).
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAlertmanager, type AlertmanagerHandle } from '../../alert-rules/src/alertmanager/testing/alertmanager-server';
import { startPrometheus, type PrometheusHandle } from '../../common/testing/prometheus-server';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { DEFAULT_REGIONS } from '../../demo/simulator/default-regions';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { answerShape } from '../../common/readme-examples/answer-shape';
import { fencedBlockAfter, shellBlocks, type ReadmeBlock, type ReadmeCommand } from '../../common/readme-examples/readme-examples';
import { runShell, type ShellRun } from '../../common/readme-examples/run-shell';
import { eventually, freePort, startExporter, STARTS_EXPORTER_TIMEOUT_MS, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

const KEYS = { ACME_KEY: 'acme-readme-key', DEMO_KEY: 'demo-readme-key', PULSE_ADMIN_KEY: 'admin-readme-key', PULSE_WEBHOOK_TOKEN: 'hook-readme-token' };

/** Commands not run here, by the start of their text, with the reason. */
const NOT_RUN: ReadonlyArray<{ starts: string; why: string }> = [
  { starts: 'bin/pulse-exporter --web.enable-lifecycle', why: 'starts an exporter: the test runs its own with that flag' },
];

/** Examples the README says answer an error where no part they need runs, with its words. */
const DOCUMENTED_STATUS: ReadonlyArray<{ contains: string; status: number; readme: string }> = [
  { contains: '/api/v1/analytics/forecast/', status: 503, readme: 'Under `npm start` no forecaster runs, so the answer is 503' },
];

/**
 * What the README's story assumes has happened before a command, and the test does in its place:
 * a project alert's firing reaching the webhook (Alertmanager's part; no alert fires in a test
 * this short) opens the trigger the README then lists, acknowledges and resolves.
 */
const BEFORE: ReadonlyArray<{ contains: string; does: () => Promise<void> }> = [{ contains: '/analytics/alerts/acme/triggers', does: () => fireProjectAlert('6f1c') }];

async function fireProjectAlert(shortId: string): Promise<void> {
  const alertId = ids.get(shortId);
  if (!alertId) throw new Error(`no answer gave the alert id the README prints as ${shortId}…`);
  const labels = { alertname: 'ProjectAlert', project: 'acme', alert_id: alertId, severity: 'high' };
  const payload = { version: '4', receiver: 'pulse-history', status: 'firing', alerts: [{ status: 'firing', labels, annotations: {}, startsAt: new Date().toISOString() }] };
  const response = await exporter.post('/api/v1/alerts/webhook', payload, { authorization: `Bearer ${KEYS.PULSE_WEBHOOK_TOKEN}` });
  if (response.status !== 200) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
}

/**
 * Answers the README shows apart from their example (in a block or sentence after it): the
 * command they answer, and where they are.
 */
const SHOWN_APART: ReadonlyArray<{ contains: string; answer: () => string }> = [
  { contains: '/api/v1/analytics/realtime/demo-acme', answer: () => fencedBlockAfter(README, '`GET /api/v1/analytics/realtime/:project_id` (no query parameters):') },
  { contains: '/api/v1/analytics/triggers/demo-acme?limit=5', answer: () => fencedBlockAfter(README, 'id is the same on every replica.') },
  { contains: '{"project_id":"demo-acme","metrics":[', answer: () => /^answers `(\{"accepted".*\})`$/m.exec(README)?.[1] ?? 'not found: answers `{"accepted"…}`' },
];

/** Exposition lines the README says `/metrics` holds after the recorded-metrics example. */
const recordedLines = () => fencedBlockAfter(README, 'and `/metrics` then holds').split('\n').filter((l) => l !== '…');

/** The README's addresses, and what they are in this test. */
let urls: Record<string, string>;
/** Abbreviated ids as the README prints them (`6f1c`) → the ids the exporter gave. */
const ids = new Map<string, string>();
let redis: RedisServerHandle;
let simulator: Simulator;
let prometheus: PrometheusHandle;
let alertmanager: AlertmanagerHandle;
let exporter: ExporterProcess;
let examplesDir: string;

beforeAll(async () => {
  [redis, simulator, alertmanager] = await Promise.all([
    startRedisServer({ appendOnly: false }),
    createSimulator({ regions: DEFAULT_REGIONS.map(({ httpPort: _h, tlsPort: _t, loadWalk: _w, ...region }) => region) }),
    startAlertmanager("route: { receiver: none }\nreceivers: [{ name: none }]\n"),
  ]);
  const rulesDir = tempDir();
  prometheus = await startPrometheus({ configYaml: `rule_files: ['${rulesDir}/project-*.rules.yml']\n`, args: ['--web.enable-lifecycle'] });
  const config = writeSimulatorConfig(tempDir(), simulator.regions(), {
    // The demo's latencies (up to 210 ms) well inside the timeout on a busy machine.
    interval: '1s',
    timeout: '900ms',
    perRegion: { 'us-east': { failover: ['us-west', 'eu-west'] } },
    extra: {
      projects: [{ id: 'acme', key_env: 'ACME_KEY' }],
      project_pattern: { regex: 'demo-[a-z0-9-]{1,40}', max_projects: 20, key_env: 'DEMO_KEY' },
      project_alerts: {
        rules_dir: rulesDir,
        prometheus_url: prometheus.url,
        alertmanager_url: alertmanager.url,
        // The README's example destinations; nothing is sent to them here (no alert fires).
        allow_destinations: ['hooks.acme.example', 'hooks.slack.com'],
        smtp: { host: '127.0.0.1', port: await freePort(), from: 'pulse@example.com' },
      },
      exports: { prometheus_url: prometheus.url },
    },
  });
  exporter = await startExporter(config, { env: { ...KEYS, REDIS_URL: redis.url }, args: ['--web.enable-lifecycle'] });
  urls = {
    'http://127.0.0.1:9470': exporter.url,
    'ws://127.0.0.1:9470': exporter.url.replace('http:', 'ws:'),
    'http://127.0.0.1:9090': prometheus.url,
    'http://127.0.0.1:9480': simulator.controlUrl,
  };
  examplesDir = tempDir();
  mkdirSync(join(examplesDir, '.stack/secrets'), { recursive: true });
  writeFileSync(join(examplesDir, '.stack/secrets/demo-key'), KEYS.DEMO_KEY);
  // The WebSocket example's `require("ws")`, as from the repository's root.
  symlinkSync(join(ROOT, 'node_modules'), join(examplesDir, 'node_modules'));
  // The README's answers show every region healthy.
  await eventually('every region healthy', async () => ((await exporter.json<{ healthy_regions: number }>('/api/v1/regions/stats')).healthy_regions === DEFAULT_REGIONS.length ? true : undefined), 30_000);
}, STARTS_EXPORTER_TIMEOUT_MS);

afterAll(async () => {
  await exporter?.stop();
  await Promise.all([simulator?.close(), prometheus?.stop(), alertmanager?.stop(), redis?.dispose()]);
});

/** The command with this test's addresses and ids in place of the README's. */
function localize(text: string): string {
  let local = text;
  for (const [readme, here] of Object.entries(urls)) local = local.split(readme).join(here);
  return local.replace(/\b([0-9a-f]{4})…/g, (whole, short: string) => {
    const id = ids.get(short);
    if (!id) throw new Error(`the README uses id ${whole} before any answer gave it`);
    return id;
  });
}

/** Learns the ids the README abbreviates in an answer: the first `"id":"6f1c…"` is the first id in the real answer. */
function learnIds(readmeAnswer: string, body: string): void {
  const short = /"id":"([0-9a-f]{4})…"/.exec(readmeAnswer)?.[1];
  const real = /"id":"([^"]+)"/.exec(body)?.[1];
  if (short && real && !ids.has(short)) ids.set(short, real);
}

function expectedStatus(command: ReadmeCommand): number | undefined {
  return DOCUMENTED_STATUS.find((d) => command.text.includes(d.contains))?.status;
}

/** The answer's text: stdout, or stderr for a command that sends it there (`| tee /dev/stderr | …`). */
function answerText(stdout: string, stderr: string): string {
  return stdout.trim() !== '' ? stdout : stderr;
}

/** What the WebSocket example prints within 5 s of asking (it prints until stopped). */
const DASHBOARD_UPDATE = /"type":"dashboardUpdate"/;

/**
 * Runs a command; one whose README answer shows a job `completed` is run again (as a reader
 * would) while the job is still pending or processing.
 */
async function runUntilSettled(command: ReadmeCommand, script: string): Promise<ShellRun> {
  // curl streams end by their --max-time, with their status; the WebSocket example once it has shown an update.
  const stopWhen = command.text.startsWith('curl') ? undefined : DASHBOARD_UPDATE;
  const run = () => runShell(script, { cwd: examplesDir, env: KEYS, curlMaxTimeSeconds: 3, stopAfterMs: 20_000, stopWhen });
  if (!command.answer?.includes('"status":"completed"')) return run();
  return eventually('the job to finish', async () => {
    const answer = await run();
    return /"status":"(pending|processing)"/.test(answer.stdout) ? undefined : answer;
  }, 20_000, 250);
}

/**
 * Blocks the README places before the examples they need, with where they are run instead: the
 * export of custom metrics needs the recorded values the recorded-metrics example sends.
 */
const RUN_AFTER: ReadonlyArray<{ contains: string; heading: string }> = [{ contains: 'metrics[]=revenue', heading: 'Analytics: recorded metrics' }];

function inReadersOrder(blocks: readonly ReadmeBlock[]): ReadmeBlock[] {
  const ordered = [...blocks];
  for (const move of RUN_AFTER) {
    const block = ordered.find((b) => b.commands.some((c) => c.text.includes(move.contains)));
    if (!block) throw new Error(`no README example contains ${move.contains}`);
    ordered.splice(ordered.indexOf(block), 1);
    const after = ordered.map((b) => b.heading).lastIndexOf(move.heading);
    if (after < 0) throw new Error(`no README example under "${move.heading}"`);
    ordered.splice(after + 1, 0, block);
  }
  return ordered;
}

const blocks = inReadersOrder(shellBlocks(README, '## pulse-exporter'));

const notRun = (command: ReadmeCommand) => NOT_RUN.some((n) => command.text.startsWith(n.starts));

it('finds the README examples it runs, and each one it does not', () => {
  const commands = blocks.flatMap((b) => b.commands);
  expect(blocks.length).toBeGreaterThanOrEqual(15);
  expect(commands.filter((c) => c.text.startsWith('curl')).length).toBeGreaterThanOrEqual(30);
  expect(NOT_RUN.filter((n) => !commands.some((c) => c.text.startsWith(n.starts)))).toEqual([]);
  expect(SHOWN_APART.filter((s) => commands.filter((c) => c.text.includes(s.contains)).length !== 1)).toEqual([]);
});

/** Assignments (`KEY=$(cat …)`) hold for the examples after them, as in one terminal. */
const assignments: string[] = [];
const ASSIGNMENT = /^([A-Z_]+)=\S+( \S+)*$/;

/** Runs an assignment as written and keeps it; it must give its variable a value. */
async function assign(command: ReadmeCommand, name: string): Promise<void> {
  const run = await runShell(`${command.text}\nprintf %s "$${name}"`, { cwd: examplesDir, env: KEYS, curlMaxTimeSeconds: 3, stopAfterMs: 20_000 });
  expect({ line: command.line, value: run.stdout !== '', stderr: run.stderr }).toEqual({ line: command.line, value: true, stderr: '' });
  assignments.push(command.text);
}

function expectStatuses(command: ReadmeCommand, run: ShellRun, context: string): void {
  if (command.text.startsWith('curl')) {
    const expected = expectedStatus(command);
    const curls = command.text.match(/^curl |\| *curl /gm)?.length ?? 0;
    expect({ context, statuses: run.statuses.map((s) => (expected ? s === expected : s >= 200 && s < 300)) }).toEqual({ context, statuses: Array(curls).fill(true) });
  } else {
    // The WebSocket example prints what the stream sends until stopped.
    expect({ context, stopped: run.exitCode === null, dashboard: DASHBOARD_UPDATE.test(run.stdout) }).toEqual({ context, stopped: true, dashboard: true });
  }
}

/** The answer must be the README's text, or, for JSON, have every top-level key it shows (and no other, when it elides none). */
function expectAnswer(command: ReadmeCommand, run: ShellRun, context: string): void {
  if (command.text.includes('| grep pulse_custom_')) {
    expect({ context, missing: recordedLines().filter((l) => !run.stdout.split('\n').includes(l)) }).toEqual({ context, missing: [] });
  }
  const readmeAnswer = command.answer ?? SHOWN_APART.find((s) => command.text.includes(s.contains))?.answer();
  // The README's answer is the one a running forecaster gives; here the documented error stands in.
  if (!readmeAnswer || expectedStatus(command)) return;
  const body = answerText(run.stdout, run.stderr);
  if (!readmeAnswer.trim().startsWith('{')) {
    expect({ context, body: body.trim() }).toEqual({ context, body: readmeAnswer.trim() });
    return;
  }
  // Only an answer printed under its own command names the ids the next commands use.
  if (command.answer) learnIds(command.answer, body);
  const shown = answerShape(readmeAnswer);
  const actual = Object.keys(JSON.parse(body) as object);
  expect({ context, missing: shown.keys.filter((k) => !actual.includes(k)) }).toEqual({ context, missing: [] });
  if (!shown.elided) expect({ context, keys: [...actual].sort() }).toEqual({ context, keys: [...shown.keys].sort() });
}

describe.each(blocks.map((b) => [`README line ${b.line} (${b.heading})`, b] as const))('%s', (_name, block) => {
  it.each(block.commands.filter((c) => !notRun(c)).map((c) => [`line ${c.line}: ${c.text.split('\n')[0].slice(0, 90)}`, c] as const))('%s', async (_title, command) => {
    const assigned = ASSIGNMENT.exec(command.text);
    if (assigned && !command.text.includes(' node ')) return assign(command, assigned[1]);
    await BEFORE.find((b) => command.text.includes(b.contains))?.does();
    const run = await runUntilSettled(command, [...assignments, localize(command.text)].join('\n'));
    const context = `README line ${command.line}:\n${command.text}\nstatus ${run.statuses.join(', ')}, exit ${run.exitCode}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
    expectStatuses(command, run, context);
    expectAnswer(command, run, context);
  }, 30_000);
});
