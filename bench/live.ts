/**
 * Section "Live": 10,000 WebSocket clients on one compiled pulse-exporter, spread over a few
 * client processes each on its own loopback source address. One Alertmanager notification posted
 * to the webhook reaches every client (100 projects × 100 connections, each at the shipped caps:
 * 10,000 in all, 100 per project; the notification carries one alert per project): webhook
 * arrival → delivery at each client, p50/p99. Meanwhile every client watches its project's
 * dashboard: how late after each 5-second boundary the update arrives. Resident memory per
 * connection is the exporter's RSS delta over the connections. Beside it, a bare `ws` broadcast
 * server (live-bare-server.ts) does the same fan-out to the same clients: the library's limit.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { patternProject, startBenchExporter } from './exporter-setup';
import type { ClientCommand, ClientReport } from './live-clients';
import { clockTicksPerSecond, measureCpu, memoryOf } from './proc-stats';
import { markdownTable, type Row, type SectionResult } from './report';
import type { Scope } from './scope';
import { ms, sumSamples, type SectionContext } from './section';
import { startProcess } from './service';
import { summarize, type Summary } from './stats';

/** The exporter's shipped caps (exporter/src/live/limits.ts): the bench fills both exactly. */
const PROJECTS = 100;
const PER_PROJECT = 100;
const CLIENT_PROCESSES = 4;
const FULL_ROUNDS = 10;
const QUICK_ROUNDS = 2;
/** Each round waits this long at most for every client to have its message. */
const ROUND_TIMEOUT_MS = 15_000;
const DASHBOARD_PERIOD_MS = 5000;
const KIB = 1024;


interface ClientProcess {
  readonly child: ChildProcess;
  send(command: ClientCommand): Promise<ClientReport>;
}

function forkClients(scope: Scope, index: number): ClientProcess {
  const child = fork(join(__dirname, 'live-clients.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  scope.defer(`stop live client process ${index}`, () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    send: (command) =>
      new Promise((resolve, reject) => {
        // One exit listener per command, removed once answered (they piled up past Node's 10).
        const exited = (code: number | null): void => reject(new Error(`live client process ${index} exited (${code})`));
        child.once('message', (report: ClientReport) => {
          child.off('exit', exited);
          resolve(report);
        });
        child.once('exit', exited);
        child.send(command);
      }),
  };
}

interface Target {
  readonly url: string;
  readonly projects: readonly string[];
  readonly protocols: readonly string[];
  readonly dashboard: boolean;
}

/** Opens `total` connections spread over the client processes; throws when any is refused. */
async function connect(clients: readonly ClientProcess[], target: Target, total: number): Promise<void> {
  const share = total / clients.length;
  const reports = await Promise.all(
    clients.map((client, index) =>
      client.send({ cmd: 'connect', url: target.url, count: share, protocols: target.protocols, dashboard: target.dashboard, localAddress: `127.0.0.${index + 2}`,
        // Each process takes whole projects, so every project gets its 100.
        projects: target.projects.slice((index * target.projects.length) / clients.length, ((index + 1) * target.projects.length) / clients.length) }),
    ),
  );
  const connected = reports.flatMap((r) => (r.event === 'connected' ? [r] : []));
  const failed = connected.reduce((sum, r) => sum + r.failed, 0);
  if (failed > 0) throw new Error(`${failed} of ${total} connections refused (first: ${connected.find((r) => r.firstError)?.firstError})`);
}

interface Collected {
  alertMs: number[];
  dashboardMs: number[];
  open: number;
}

async function collect(clients: readonly ClientProcess[]): Promise<Collected> {
  const reports = await Promise.all(clients.map((client) => client.send({ cmd: 'collect' })));
  const out: Collected = { alertMs: [], dashboardMs: [], open: 0 };
  for (const report of reports) {
    if (report.event !== 'samples') continue;
    out.alertMs.push(...report.alertMs);
    out.dashboardMs.push(...report.dashboardMs);
    out.open += report.open;
  }
  return out;
}

/** Waits until the middle of a dashboard period, so a round's fan-out does not share a tick's. */
async function awayFromTicks(): Promise<void> {
  const intoPeriod = Date.now() % DASHBOARD_PERIOD_MS;
  const middle = DASHBOARD_PERIOD_MS / 2;
  await sleep((middle - intoPeriod + DASHBOARD_PERIOD_MS) % DASHBOARD_PERIOD_MS);
}

/** Posts one notification, then gathers deliveries until all `expected` arrived or the round times out. */
async function fanOutRounds(clients: readonly ClientProcess[], rounds: number, expected: number, post: (round: number) => Promise<void>, collected: Collected): Promise<number[]> {
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await awayFromTicks();
    await post(round);
    const deadline = Date.now() + ROUND_TIMEOUT_MS;
    let got = 0;
    while (got < expected && Date.now() < deadline) {
      await sleep(250);
      const batch = await collect(clients);
      got += batch.alertMs.length;
      collected.alertMs.push(...batch.alertMs);
      collected.dashboardMs.push(...batch.dashboardMs);
    }
    perRound.push(got);
  }
  return perRound;
}

async function post(url: string, token: string | undefined, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
}

/** One Alertmanager notification with one firing alert per project, so every connection receives one. */
function notification(round: number, projects: readonly string[]) {
  const alerts = projects.map((project) => ({
    status: 'firing',
    labels: { alertname: 'BenchLiveFanOut', project, severity: 'warning', round: String(round) },
    annotations: { summary: `bench round ${round}` },
    startsAt: new Date().toISOString(),
    fingerprint: `${project}-${round}`,
  }));
  return { version: '4', receiver: 'pulse', status: 'firing', groupKey: `bench-${round}`, alerts };
}

interface Measured {
  readonly alert: Summary;
  readonly perRound: readonly number[];
  readonly rssDeltaBytes: number;
  /** The server's CPU (user + system) over the rounds ÷ rounds. */
  readonly cpuPerRoundMs: number;
  readonly dashboard?: Summary;
  readonly timerDriftMeanMs?: number;
  /** The exporter's own view: arrival → frame handed to every connection's socket, per event type. */
  readonly serverLagMeanMs?: { readonly alert: number; readonly dashboard: number };
}

/** Mean of a histogram family from an exposition, optionally one label's series, in ms. */
function meanMs(metrics: string, family: string, filter?: string): number {
  const match = (line: string) => filter === undefined || line.includes(filter);
  const count = sumSamples(metrics, `${family}_count`, match);
  return count > 0 ? (sumSamples(metrics, `${family}_sum`, match) / count) * 1000 : Number.NaN;
}

async function measurePulse(ctx: SectionContext, clients: readonly ClientProcess[], rounds: number): Promise<Measured> {
  const token = randomBytes(16).toString('hex');
  const tokenFile = join(ctx.dir, 'webhook-token');
  writeFileSync(tokenFile, token);
  const exporter = await startBenchExporter(ctx.scope, ctx.dir, {
    regions: [{ code: 'bench-a', target: 'http://127.0.0.1:1/health' }],
    interval: '1h',
    timeout: '1s',
    maxConcurrentProbes: 1,
    patternProjects: PROJECTS,
    cpuProfDir: ctx.cpuProfDir,
    extraConfig: { alerts: { webhook_token_file: tokenFile } },
    // The HTTP server's own connection bound (default 512) sits below the live caps; raised past them.
    extraArgs: [`--web.max-connections=${PROJECTS * PER_PROJECT + 100}`],
  });
  const projects = Array.from({ length: PROJECTS }, (_, i) => patternProject(i));
  await sleep(2000);
  const before = memoryOf(exporter.pid).rssBytes;
  const total = PROJECTS * PER_PROJECT;
  ctx.log(`live: opening ${total} WebSocket connections to pulse-exporter`);
  await connect(clients, { url: `${exporter.url.replace('http', 'ws')}/api/v1/analytics/stream`, projects, protocols: ['pulse.v1', `pulse.key.${exporter.patternKey}`], dashboard: true }, total);
  await sleep(DASHBOARD_PERIOD_MS);
  const after = memoryOf(exporter.pid).rssBytes;
  const collected: Collected = { alertMs: [], dashboardMs: [], open: 0 };
  await collect(clients);
  ctx.log(`live: ${rounds} notifications fanned out to ${total} clients`);
  const { result: perRound, cpuSeconds } = await measureCpu({ exporter: exporter.pid }, clockTicksPerSecond(), () =>
    fanOutRounds(clients, rounds, total, (round) => post(`${exporter.url}/api/v1/alerts/webhook`, token, notification(round, projects)), collected),
  );
  const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
  return {
    alert: summarize(collected.alertMs),
    perRound,
    rssDeltaBytes: after - before,
    cpuPerRoundMs: (cpuSeconds.exporter * 1000) / rounds,
    dashboard: summarize(collected.dashboardMs),
    timerDriftMeanMs: meanMs(metrics, 'pulse_stream_dashboard_drift_seconds'),
    serverLagMeanMs: { alert: meanMs(metrics, 'pulse_stream_delivery_lag_seconds', 'type="alertNotification"'), dashboard: meanMs(metrics, 'pulse_stream_delivery_lag_seconds', 'type="dashboardUpdate"') },
  };
}

async function measureBare(ctx: SectionContext, clients: readonly ClientProcess[], rounds: number): Promise<Measured> {
  const server = await startProcess(ctx.scope, {
    name: 'bare ws server',
    command: process.execPath,
    args: ['--import', 'tsx', join(__dirname, 'live-bare-server.ts')],
    cwd: join(__dirname, '..'),
    ready: async (output) => output.includes('{"port":'),
  });
  const { port } = JSON.parse(server.output().split('\n').find((line) => line.startsWith('{"port":'))!) as { port: number };
  await sleep(1000);
  const before = memoryOf(server.pid).rssBytes;
  const total = PROJECTS * PER_PROJECT;
  ctx.log(`live: opening ${total} WebSocket connections to the bare ws server`);
  await connect(clients, { url: `ws://127.0.0.1:${port}/`, projects: [], protocols: [], dashboard: false }, total);
  await sleep(2000);
  const after = memoryOf(server.pid).rssBytes;
  const collected: Collected = { alertMs: [], dashboardMs: [], open: 0 };
  // The same bytes as Pulse's frame carries, about.
  const body = JSON.stringify(notification(0, ['p0']).alerts[0]);
  const { result: perRound, cpuSeconds } = await measureCpu({ server: server.pid }, clockTicksPerSecond(), () =>
    fanOutRounds(clients, rounds, total, () => post(`http://127.0.0.1:${port}/broadcast`, undefined, body), collected),
  );
  return { alert: summarize(collected.alertMs), perRound, rssDeltaBytes: after - before, cpuPerRoundMs: (cpuSeconds.server * 1000) / rounds };
}

export async function runLive(ctx: SectionContext): Promise<SectionResult> {
  const rounds = ctx.quick ? QUICK_ROUNDS : FULL_ROUNDS;
  const total = PROJECTS * PER_PROJECT;
  // Each side gets fresh client processes: the other side's connections are gone from the clients' heap.
  const spawnClients = (scope: Scope) => Array.from({ length: CLIENT_PROCESSES }, (_, i) => forkClients(scope, i));
  const pulseScope = ctx.scope.child();
  const pulse = await measurePulse({ ...ctx, scope: pulseScope }, spawnClients(pulseScope), rounds);
  await pulseScope.close();
  const bareScope = ctx.scope.child();
  const bare = await measureBare({ ...ctx, scope: bareScope }, spawnClients(bareScope), rounds);
  await bareScope.close();
  return liveResult(pulse, bare, total, rounds);
}

const pair = (s: Summary): string => `${ms(s.p50)} / ${ms(s.p99)}`;
const perConnection = (bytes: number, connections: number): string => `${(bytes / connections / KIB).toFixed(1)} KiB`;

function liveResult(pulse: Measured, bare: Measured, total: number, rounds: number): SectionResult {
  const delivered = (m: Measured) => `${m.perRound.reduce((a, b) => a + b, 0).toLocaleString('en-US')} of ${(total * rounds).toLocaleString('en-US')}`;
  const rows: Row[] = [
    {
      figure: `webhook arrival → delivery at each of ${total.toLocaleString('en-US')} WebSocket clients, ${rounds} notifications: p50 / p99`,
      pulse: pair(pulse.alert),
      peer: pair(bare.alert),
      peerName: 'bare ws broadcast',
      ratio: pulse.alert.p99 / bare.alert.p99,
      goal: 'p99 < 100 ms',
      met: pulse.alert.p99 < 100,
    },
    { figure: 'messages delivered (all rounds)', pulse: delivered(pulse), peer: delivered(bare), peerName: 'bare ws broadcast' },
    { figure: 'dashboard update: arrival after the 5-s boundary at each client, p50 / p99', pulse: pair(pulse.dashboard!), goal: 'p99 < 100 ms', met: pulse.dashboard!.p99 < 100 },
    { figure: 'dashboard timer drift (pulse_stream_dashboard_drift_seconds, mean)', pulse: ms(pulse.timerDriftMeanMs!), goal: '< 100 ms', met: pulse.timerDriftMeanMs! < 100 },
    { figure: 'exporter side, arrival → frame handed to every socket (pulse_stream_delivery_lag_seconds, mean): alert / dashboard', pulse: `${ms(pulse.serverLagMeanMs!.alert)} / ${ms(pulse.serverLagMeanMs!.dashboard)}` },
    {
      figure: 'server CPU per round (user + system ÷ rounds): one alert fan-out to every client; pulse-exporter also its dashboard tick of that period',
      pulse: ms(pulse.cpuPerRoundMs),
      peer: ms(bare.cpuPerRoundMs),
      peerName: 'bare ws broadcast',
      ratio: pulse.cpuPerRoundMs / bare.cpuPerRoundMs,
    },
    {
      figure: 'resident memory per connection (RSS delta ÷ connections)',
      pulse: perConnection(pulse.rssDeltaBytes, total),
      peer: perConnection(bare.rssDeltaBytes, total),
      peerName: 'bare ws broadcast',
      ratio: pulse.rssDeltaBytes / bare.rssDeltaBytes,
      goal: '< 20 KiB',
      met: pulse.rssDeltaBytes / total < 20 * KIB,
    },
  ];
  const detail = markdownTable(
    ['notification', 'pulse-exporter: delivered', 'bare ws: delivered'],
    pulse.perRound.map((got, round) => [String(round + 1), got.toLocaleString('en-US'), (bare.perRound[round] ?? 0).toLocaleString('en-US')]),
  );
  return {
    title: 'Live',
    rows,
    details: [detail],
    notes: [
      `pulse-exporter compiled, in-memory store, at its shipped caps (exporter/src/live/limits.ts): ${total.toLocaleString('en-US')} connections in all and ${PER_PROJECT} per project, so the clients are ${PROJECTS} pattern projects × ${PER_PROJECT} connections (subprotocol auth \`pulse.v1\`, \`pulse.key.<key>\`), each asking for its project's dashboard stream. One notification = one POST to /api/v1/alerts/webhook with ${PROJECTS} firing alerts, one per project: every connection receives one alertNotification.`,
      `Clients: ${CLIENT_PROCESSES} Node processes with \`ws\`, ${total / CLIENT_PROCESSES} connections each, from source addresses 127.0.0.2–127.0.0.${CLIENT_PROCESSES + 1} (no ephemeral port exhaustion); the clients share the machine's cores with the server, so every latency here includes the clients' own time to read and parse ${total.toLocaleString('en-US')} frames. Latency = the client's clock at the message minus the message's at field (the webhook's arrival, ms precision, same machine clock). Notifications are posted 2.5 s into a dashboard period, so a round does not share a tick's fan-out; a round waits at most ${ROUND_TIMEOUT_MS / 1000} s for its deliveries.`,
      'Dashboard: ticks are aligned to multiples of 5 s on the wall clock; each client records its arrival time modulo 5 s (every update of every project to every client). The timer drift is the exporter\'s own histogram: tick start minus the boundary. The exporter-side lag is its delivery-lag histogram, one observation per event when the frame has been handed to the last connection\'s socket (before session 7: per frame, when `ws` called back after writing it, which also waited for the event loop).',
      'Memory: the server\'s VmRSS after the connections are open and settled minus before any, divided by the connections (user space only: the kernel\'s socket buffers are not in RSS; no garbage collection is forced). The bare server: the same clients, `ws` with perMessageDeflate off, `POST /broadcast` stamps the arrival and sends one frame of about the same size to every client.',
      'Open files: the exporter and the bare server each hold 10,000 sockets, the client processes 2,500 each; Node raises its soft RLIMIT_NOFILE to the hard limit at start, so a hard `ulimit -n` of at least 10,100 is needed (`ulimit -Hn`; this machine: 20,000).',
    ],
  };
}
