import http from 'node:http';
import { MessageChannel } from 'node:worker_threads';
import { silentLogger } from '../../../common/log';
import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../config/model';
import { serveProbes, type ProbeAnswer } from './probe-worker';
import { startProbeThread, type ProbeThread } from './probe-thread';
import { httpOptions, serve, type RunningServer } from './test-servers';
import type { ProbeResult, ProbeSpec } from './types';

const httpSpec = (target: string, overrides: Partial<Extract<ProbeSpec, { kind: 'http' }>> = {}): ProbeSpec => ({
  kind: 'http',
  target,
  intervalMs: 10_000,
  timeoutMs: 5_000,
  http: httpOptions({ validStatusCodes: [200], failIfBodyNotMatches: [/"ok":true/] }),
  ...overrides,
});

describe('the probe thread', () => {
  let server: RunningServer;
  let thread: ProbeThread;
  const url = (path: string): string => `http://127.0.0.1:${server.port}${path}`;

  beforeAll(async () => {
    server = await serve(
      http.createServer((req, res) => {
        if (req.url === '/hang') return; // accepts the request and never answers
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }),
    );
    thread = startProbeThread({ log: silentLogger() });
  });

  afterAll(async () => {
    await thread.close();
    await server.close();
  });

  it('probes on its own thread and answers with what the probe found, body checks included', async () => {
    const result = await thread.runProbe(httpSpec(url('/')));
    expect(result).toMatchObject({ success: true, statusCode: 200 });
    expect(result.phases).toEqual(expect.objectContaining({ connect: expect.any(Number), processing: expect.any(Number) }));
    expect(result.durationSeconds).toBeGreaterThan(0);
  });

  it('returns failures as data, as a probe on the main thread would', async () => {
    expect(await thread.runProbe(httpSpec(url('/missing')))).toMatchObject({ success: false, reason: 'http_status', statusCode: 404 });
    expect(await thread.runProbe(httpSpec(url('/hang'), { timeoutMs: 100 }))).toMatchObject({ success: false, reason: 'timeout' });
  });

  it('probes the same spec again and again, sent to the thread once', async () => {
    const spec = httpSpec(url('/'));
    for (let i = 0; i < 3; i++) expect(await thread.runProbe(spec)).toMatchObject({ success: true });
  });

  it('runs probes side by side and gives each its own result', async () => {
    const results = await Promise.all([url('/'), url('/missing'), url('/'), url('/missing')].map((target) => thread.runProbe(httpSpec(target))));
    expect(results.map((result) => result.statusCode)).toEqual([200, 404, 200, 404]);
  });

  it('passes an abort on to every probe sharing the signal, each ends as a timeout that says so', async () => {
    const controller = new AbortController();
    const probing = [thread.runProbe(httpSpec(url('/hang')), controller.signal), thread.runProbe(httpSpec(url('/hang')), controller.signal)];
    setTimeout(() => controller.abort(), 50);
    for (const result of await Promise.all(probing)) {
      expect(result).toMatchObject({ success: false, reason: 'timeout' });
      expect(result.message).toMatch(/^aborted/);
    }
    expect(await thread.runProbe(httpSpec(url('/')), controller.signal)).toMatchObject({ success: false, reason: 'timeout' });
  });

  it('after close, resolves probes as aborted instead of throwing', async () => {
    const closing = startProbeThread({ log: silentLogger() });
    await closing.close();
    expect(await closing.runProbe(httpSpec(url('/')))).toMatchObject({ success: false, reason: 'timeout' });
  });
});

describe('a scheduler on the probe thread', () => {
  let server: RunningServer;
  let thread: ProbeThread;
  let release = (): void => {};
  let held = false;

  beforeAll(async () => {
    server = await serve(
      http.createServer((req, res) => {
        const answer = (): void => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
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

  const region = (code: string, path: string, intervalMs: number, timeoutMs = intervalMs / 2): RegionConfig => ({
    code,
    name: code,
    url: 'wss://x',
    latitude: 0,
    longitude: 0,
    priority: 1,
    capacity: 1,
    failover: [],
    active: true,
    probe: httpSpec(`http://127.0.0.1:${server.port}${path}`, { intervalMs, timeoutMs }),
    health: DEFAULT_HEALTH_POLICY,
  });

  /** Records results with a store write that takes a while, to show probe-now waits for it. */
  function recorder() {
    const recorded: Array<{ code: string; result: ProbeResult }> = [];
    const skipped: Record<string, number> = {};
    return {
      recorded,
      skipped,
      onResult: async (r: RegionConfig, result: ProbeResult) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        recorded.push({ code: r.code, result });
      },
      onSkipped: (r: RegionConfig, ticks: number) => void (skipped[r.code] = (skipped[r.code] ?? 0) + ticks),
    };
  }

  it('probes every region on its interval and hands each result back to be recorded', async () => {
    const records = recorder();
    const scheduler = thread.createScheduler({ regions: [region('a', '/', 100), region('b', '/', 100)], maxConcurrent: 4, runProbe: () => Promise.reject(new Error('unused')), ...records });
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 450));
    await scheduler.stop();
    for (const code of ['a', 'b']) expect(records.recorded.filter((r) => r.code === code).length).toBeGreaterThanOrEqual(2);
    expect(records.recorded.every((r) => r.result.success)).toBe(true);
    expect(scheduler.inFlight()).toBe(0);
  });

  it('answers probe-now once the result is recorded, joins a running probe, and rejects unknown regions', async () => {
    const records = recorder();
    const scheduler = thread.createScheduler({ regions: [region('now', '/', 60_000)], maxConcurrent: 1, runProbe: () => Promise.reject(new Error('unused')), ...records });
    scheduler.start();
    const [first, second] = await Promise.all([scheduler.probeNow('now'), scheduler.probeNow('now')]);
    expect(first).toMatchObject({ success: true, statusCode: 200 });
    expect(second).toEqual(first);
    expect(records.recorded.length).toBeGreaterThanOrEqual(1);
    await expect(scheduler.probeNow('nope')).rejects.toThrow('unknown region nope');
    await scheduler.stop();
    expect(await scheduler.probeNow('now')).toMatchObject({ success: false, reason: 'timeout' });
  });

  it('counts the ticks a held probe outlasted, and stop() ends it and waits', async () => {
    held = true;
    const records = recorder();
    const scheduler = thread.createScheduler({ regions: [region('slow', '/held', 40, 1000)], maxConcurrent: 1, runProbe: () => Promise.reject(new Error('unused')), ...records });
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    held = false;
    release();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(records.skipped.slow).toBeGreaterThanOrEqual(1);
    await scheduler.stop();
    expect(scheduler.inFlight()).toBe(0);
  });

  it('runs one scheduler after another, as a reload does', async () => {
    const before = recorder();
    const first = thread.createScheduler({ regions: [region('old', '/', 50)], maxConcurrent: 2, runProbe: () => Promise.reject(new Error('unused')), ...before });
    first.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await first.stop();
    const after = recorder();
    const second = thread.createScheduler({ regions: [region('new', '/', 50)], maxConcurrent: 2, runProbe: () => Promise.reject(new Error('unused')), ...after });
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await second.stop();
    const oldCount = before.recorded.length;
    expect(oldCount).toBeGreaterThanOrEqual(1);
    expect(after.recorded.length).toBeGreaterThanOrEqual(1);
    expect(after.recorded.every((r) => r.code === 'new')).toBe(true);
    expect(before.recorded.length).toBe(oldCount);
  });
});

describe('the probe thread side', () => {
  it('answers each request with its id and aborts only the probe named', async () => {
    const { port1, port2 } = new MessageChannel();
    const aborted: string[] = [];
    serveProbes(port2, (spec, signal) =>
      new Promise<ProbeResult>((resolve) => {
        if (spec.target === 'quick') return resolve({ success: true, durationSeconds: 0.001 });
        signal?.addEventListener('abort', () => {
          aborted.push(spec.target);
          resolve({ success: false, reason: 'timeout', durationSeconds: 0.002 });
        });
      }),
    );
    const answers: ProbeAnswer[] = [];
    const received = new Promise<void>((resolve) =>
      port1.on('message', (answer: ProbeAnswer) => {
        answers.push(answer);
        if (answers.length === 2) resolve();
      }),
    );
    ['slow', 'quick', 'also-slow'].forEach((target, specId) => port1.postMessage({ type: 'spec', specId, spec: httpSpec(target) }));
    port1.postMessage({ type: 'probe', id: 1, specId: 0 });
    port1.postMessage({ type: 'probe', id: 2, specId: 1 });
    port1.postMessage({ type: 'probe', id: 3, specId: 2 });
    port1.postMessage({ type: 'abort', id: 1, reason: 'shutting down' });
    await received;
    expect(answers.map((answer) => answer.id).sort()).toEqual([1, 2]);
    expect(answers.find((answer) => answer.id === 2)?.result.success).toBe(true);
    expect(aborted).toEqual(['slow']);
    // A forgotten spec is not probed: the answer says why.
    port1.postMessage({ type: 'forget', specId: 1 });
    port1.postMessage({ type: 'probe', id: 4, specId: 1 });
    const answer = await new Promise<ProbeAnswer>((resolve) => port1.once('message', resolve));
    expect(answer).toMatchObject({ id: 4, result: { success: false, reason: 'protocol_error' } });
    port1.close();
  });
});
