import http from 'node:http';
import { MessageChannel } from 'node:worker_threads';
import { silentLogger } from '../../../common/log';
import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../config/model';
import type { ScheduleReport, ScheduleRequest } from './schedule-messages';
import { createSchedulerProxy } from './scheduler-proxy';
import { hostSchedules } from './scheduler-host';
import { startProbeThread, type ProbeThread } from './probe-thread';
import { httpOptions, serve, type RunningServer } from '../probes/test-servers';
import type { ProbeResult, ProbeSpec } from '../probes/types';
import { eventually } from '../testing/exporter-process';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const unused = (): Promise<ProbeResult> => Promise.reject(new Error('the probe thread probes with its own registry'));

function region(code: string, target: string, intervalMs: number, timeoutMs = intervalMs / 2): RegionConfig {
  const probe: ProbeSpec = { kind: 'http', target, intervalMs, timeoutMs, http: httpOptions({ validStatusCodes: [200], failIfBodyNotMatches: [/"ok":true/] }) };
  return { code, name: code, url: 'wss://x', latitude: 0, longitude: 0, priority: 1, capacity: 1, failover: [], active: true, probe, health: DEFAULT_HEALTH_POLICY };
}

/** Records results with a store write that takes a while, to show probe-now waits for it. */
function recorder() {
  const recorded: Array<{ code: string; result: ProbeResult }> = [];
  const skipped: Record<string, number> = {};
  return {
    recorded,
    skipped,
    runProbe: unused,
    onResult: async (r: RegionConfig, result: ProbeResult) => {
      await sleep(20);
      recorded.push({ code: r.code, result });
    },
    onSkipped: (r: RegionConfig, ticks: number) => void (skipped[r.code] = (skipped[r.code] ?? 0) + ticks),
  };
}

describe('a scheduler on the probe thread', () => {
  let server: RunningServer;
  let thread: ProbeThread;
  let release = (): void => {};
  let held = false;
  let hangRequests = 0;
  const url = (path: string): string => `http://127.0.0.1:${server.port}${path}`;

  beforeAll(async () => {
    server = await serve(
      http.createServer((req, res) => {
        const answer = (): void => void res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
        if (req.url === '/hang') return void hangRequests++; // accepts the request and never answers
        if (req.url === '/held' && held) release = answer;
        else answer();
      }),
    );
    thread = startProbeThread({ log: silentLogger() });
  });

  afterAll(async () => {
    await thread.close();
    await server.close();
  });

  it('probes every region on its interval and hands each result back to be recorded', async () => {
    const records = recorder();
    // A 1 s timeout, not half the interval: at a load average of 15 a loopback connect alone took 35–70 ms.
    const scheduler = thread.createScheduler({ regions: [region('a', url('/'), 100, 1000), region('b', url('/'), 100, 1000)], maxConcurrent: 4, ...records });
    scheduler.start();
    // Waits for the evidence rather than a fixed time: a loaded machine starts the thread late.
    const probedTwice = async () => (['a', 'b'].every((code) => records.recorded.filter((r) => r.code === code).length >= 2) ? true : undefined);
    await eventually('two probes of each region', probedTwice, 20_000);
    await scheduler.stop();
    expect(records.recorded.every((r) => r.result.success && r.result.phases !== undefined)).toBe(true);
    expect(scheduler.inFlight()).toBe(0);
  });

  it('answers probe-now once the result is recorded, joins a running probe, and rejects unknown regions', async () => {
    const records = recorder();
    const scheduler = thread.createScheduler({ regions: [region('now', url('/'), 60_000)], maxConcurrent: 1, ...records });
    scheduler.start();
    const [first, second] = await Promise.all([scheduler.probeNow('now'), scheduler.probeNow('now')]);
    expect(first).toMatchObject({ success: true, statusCode: 200 });
    expect(second).toEqual(first);
    expect(records.recorded.length).toBeGreaterThanOrEqual(1);
    await expect(scheduler.probeNow('nope')).rejects.toThrow('unknown region nope');
    await scheduler.stop();
    expect(await scheduler.probeNow('now')).toMatchObject({ success: false, reason: 'timeout' });
  });

  it('returns failures as data, as probes on the main thread did', async () => {
    const scheduler = thread.createScheduler({ regions: [region('missing', url('/missing'), 60_000), region('hang', url('/hang'), 60_000, 100)], maxConcurrent: 2, ...recorder() });
    scheduler.start();
    expect(await scheduler.probeNow('missing')).toMatchObject({ success: false, reason: 'http_status', statusCode: 404 });
    expect(await scheduler.probeNow('hang')).toMatchObject({ success: false, reason: 'timeout' });
    await scheduler.stop();
  });

  it('counts the ticks a held probe outlasted, and stop() ends a hanging probe and waits', async () => {
    held = true;
    const records = recorder();
    const scheduler = thread.createScheduler({ regions: [region('slow', url('/held'), 40, 1000)], maxConcurrent: 1, ...records });
    scheduler.start();
    // Waits for the evidence, not for a time: a loaded machine runs the thread's ticks late.
    await eventually('a tick skipped while the probe is held', async () => ((records.skipped.slow ?? 0) >= 1 ? true : undefined), 20_000);
    held = false;
    release();
    const hanging = thread.createScheduler({ regions: [region('hang', url('/hang'), 60_000, 30_000)], maxConcurrent: 1, ...recorder() });
    hanging.start();
    const hangsBefore = hangRequests;
    const probing = hanging.probeNow('hang');
    await eventually('the hanging probe to reach the server', async () => (hangRequests > hangsBefore ? true : undefined), 20_000);
    await Promise.all([scheduler.stop(), hanging.stop()]);
    expect(await probing).toMatchObject({ success: false, reason: 'timeout', message: expect.stringMatching(/aborted/) });
    expect(hanging.inFlight()).toBe(0);
  });

  it('runs one scheduler after another, as a reload does', async () => {
    const before = recorder();
    const first = thread.createScheduler({ regions: [region('old', url('/'), 50)], maxConcurrent: 2, ...before });
    first.start();
    // Each runs 120 ms at least (the window a stray result of the stopped one would show in), and until it has a result.
    await sleep(120);
    await eventually('a result of the first scheduler', async () => (before.recorded.length >= 1 ? true : undefined), 20_000);
    await first.stop();
    const oldCount = before.recorded.length;
    const after = recorder();
    const second = thread.createScheduler({ regions: [region('new', url('/'), 50)], maxConcurrent: 2, ...after });
    second.start();
    await sleep(120);
    await eventually('a result of the second scheduler', async () => (after.recorded.length >= 1 ? true : undefined), 20_000);
    await second.stop();
    expect(oldCount).toBeGreaterThanOrEqual(1);
    expect(before.recorded.length).toBe(oldCount);
    expect(after.recorded.length).toBeGreaterThanOrEqual(1);
    expect(after.recorded.every((r) => r.code === 'new')).toBe(true);
  });

  it('after close, answers probe-now as aborted and stops at once', async () => {
    const closing = startProbeThread({ log: silentLogger() });
    const scheduler = closing.createScheduler({ regions: [region('a', url('/hang'), 60_000, 30_000)], maxConcurrent: 1, ...recorder() });
    scheduler.start();
    const probing = scheduler.probeNow('a');
    await closing.close();
    expect(await probing).toMatchObject({ success: false });
    await scheduler.stop();
  });
});

describe('the probe thread side of a scheduler', () => {
  it('reports results and answers probe-now in the batch holding its result, after it', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      hostSchedules(port2, async (spec) => ({ success: true, durationSeconds: 0.001, statusCode: spec.target.length }));
      const reports: ScheduleReport[] = [];
      port1.on('message', (report: ScheduleReport) => reports.push(report));
      // First ticks are spread over the interval: a at once, b and c 20 and 40 s later.
      const regions = ['a', 'b', 'c'].map((code) => region(code, `http://${code}.test/`, 60_000));
      port1.postMessage({ type: 'schedule', generation: 7, regions, maxConcurrent: 3 });
      port1.postMessage({ type: 'probeNow', generation: 7, asks: [{ id: 1, code: 'b' }] });
      port1.postMessage({ type: 'probeNow', generation: 6, asks: [{ id: 2, code: 'b' }] });
      const probed = (code: string) => reports.some((report) => report.type === 'results' && report.results.some((r) => r.code === code));
      await eventually('a and b probed, and the other generation answered', async () => (probed('a') && probed('b') && reports.some((report) => report.type === 'probed') ? true : undefined), 20_000);
      const results = reports.filter((report) => report.type === 'results');
      expect(results.flatMap((report) => report.results.map((r) => r.code)).sort()).toEqual(['a', 'b']);
      // One message carries b's result and the answer to its probe-now; none answers before it.
      const answered = reports.findIndex((report) => report.type === 'results' && report.answers.some((a) => a.id === 1));
      const holding = reports.findIndex((report) => report.type === 'results' && report.results.some((r) => r.code === 'b'));
      expect(answered).toBe(holding);
      expect(reports.filter((report) => report.type === 'results' && report.answers.length > 0)).toHaveLength(1);
      // A generation the thread does not run is answered, not left waiting.
      expect(reports.find((report) => report.type === 'probed')).toEqual({ type: 'probed', generation: 6, answers: [{ id: 2, result: expect.objectContaining({ success: false }) }] });
      port1.postMessage({ type: 'unschedule', generation: 7 });
      await eventually('the unschedule answered', async () => (reports.some((report) => report.type === 'unscheduled') ? true : undefined), 20_000);
      expect(reports[reports.length - 1]).toEqual({ type: 'unscheduled', generation: 7 });
    } finally {
      port1.close();
    }
  });
});

describe('probe-now between the threads', () => {
  it('asks for the probe-nows of one turn in one message, and sends them before a stop', async () => {
    const posted: ScheduleRequest[] = [];
    const proxy = createSchedulerProxy({ post: (request) => posted.push(request) }, 3, { regions: ['a', 'b'].map((code) => region(code, `http://${code}.test/`, 60_000)), maxConcurrent: 2, ...recorder() });
    proxy.start();
    void proxy.probeNow('a');
    void proxy.probeNow('b');
    void proxy.probeNow('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(posted.slice(1)).toEqual([{ type: 'probeNow', generation: 3, asks: [{ id: 0, code: 'a' }, { id: 1, code: 'b' }, { id: 2, code: 'a' }] }]);
    void proxy.probeNow('b');
    void proxy.stop();
    expect(posted.slice(2).map((request) => request.type)).toEqual(['probeNow', 'unschedule']);
    proxy.receive({ type: 'unscheduled', generation: 3 });
  });

  it('answers the probe-nows whose probes end in one turn in one message', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      hostSchedules(port2, async () => ({ success: true, durationSeconds: 0.001 }));
      const reports: ScheduleReport[] = [];
      port1.on('message', (report: ScheduleReport) => reports.push(report));
      const regions = ['a', 'b', 'c'].map((code) => region(code, `http://${code}.test/`, 60_000));
      port1.postMessage({ type: 'schedule', generation: 1, regions, maxConcurrent: 3 });
      port1.postMessage({ type: 'probeNow', generation: 1, asks: [{ id: 1, code: 'b' }, { id: 2, code: 'c' }] });
      await eventually('both answers', async () => (reports.flatMap((r) => (r.type === 'results' ? r.answers : [])).length === 2 ? true : undefined), 5_000);
      const answering = reports.filter((report) => report.type === 'results' && report.answers.length > 0);
      expect(answering).toHaveLength(1);
      expect(answering[0]).toMatchObject({ answers: [{ id: 1 }, { id: 2 }] });
      port1.postMessage({ type: 'unschedule', generation: 1 });
    } finally {
      port1.close();
    }
  });
});
