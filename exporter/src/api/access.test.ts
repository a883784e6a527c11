/**
 * Who may do what on the exporter's HTTP surface (DESIGN.md "Who may do what"): each test starts
 * the runtime and app in this process and talks HTTP to it.
 */
import { connect, type Socket } from 'node:net';
import pino from 'pino';
import { MAX_LISTED_PROBLEMS } from '../../../common/http/problems';
import { runProbe } from '../probes/registry';
import type { ProbeSpec } from '../probes/types';
import { ON_DEMAND_FRESH_MS } from '../runtime';
import { eventually, sample } from '../testing/exporter-process';
import { startExporterApp, type ExporterApp } from '../testing/exporter-app';
import { withinOneWindow } from '../testing/one-window';
import { FAILURE_WINDOW_MS } from './failure-budget';

const ADMIN_KEY = 'admin-secret';
const adminEnv = { PULSE_ADMIN_KEY: ADMIN_KEY };

async function withApp<T>(options: Parameters<typeof startExporterApp>[0], body: (app: ExporterApp) => Promise<T>): Promise<T> {
  const app = await startExporterApp(options);
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

describe('the trigger history of every project', () => {
  it('needs the admin key: 401 without one, 403 with a wrong one, 200 with it', () =>
    withApp({ env: adminEnv }, async (app) => {
      expect((await app.fetch('/api/v1/alerts/triggers')).status).toBe(401);
      expect((await app.fetch('/api/v1/alerts/triggers', { key: 'wrong' })).status).toBe(403);
      const ok = await app.fetch('/api/v1/alerts/triggers', { key: ADMIN_KEY });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ triggers: [] });
    }));

  it('is refused when no admin key is configured', () =>
    withApp({}, async (app) => {
      const refused = await app.fetch('/api/v1/alerts/triggers');
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: expect.stringContaining('no admin key is configured') });
    }));
});

/** A logger whose JSON lines a test can read. */
function recordingLogger() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { log, messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}

function webhookPayload(labels: Record<string, string>) {
  return JSON.stringify({
    version: '4',
    receiver: 'pulse-history',
    status: 'firing',
    alerts: [{ status: 'firing', labels, annotations: {}, startsAt: '2026-12-07T00:00:00Z' }],
  });
}

const postJson = (body: string, key?: string): RequestInit & { key?: string } => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body, key });

describe('the Alertmanager webhook', () => {
  it('is off when no token is configured, and says so at start', async () => {
    const recorder = recordingLogger();
    await withApp({ log: recorder.log }, async (app) => {
      const refused = await app.fetch('/api/v1/alerts/webhook', postJson(webhookPayload({ alertname: 'RegionDown' })));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: 'the alert webhook is off: no token is configured (set PULSE_WEBHOOK_TOKEN or alerts.webhook_token_file)' });
      expect(recorder.messages()).toContain('alert webhook is off: no token is configured (set PULSE_WEBHOOK_TOKEN or alerts.webhook_token_file)');
    });
  });

  it('bounds the label values of its counters: an odd alert name or severity counts as "other"', () =>
    withApp({ env: { PULSE_WEBHOOK_TOKEN: 'hook' } }, async (app) => {
      expect((await app.fetch('/api/v1/alerts/webhook', postJson(webhookPayload({ alertname: 'RegionDown' }), 'wrong'))).status).toBe(401);
      const odd = webhookPayload({ alertname: `x-${'y'.repeat(5000)}`, severity: 'sev-12345' });
      expect((await app.fetch('/api/v1/alerts/webhook', postJson(odd, 'hook'))).status).toBe(200);
      expect((await app.fetch('/api/v1/alerts/webhook', postJson(webhookPayload({ alertname: 'RegionDown', severity: 'critical' }), 'hook'))).status).toBe(200);
      const metrics = await (await app.fetch('/metrics')).text();
      expect(sample(metrics, 'pulse_alert_notifications_total', { alertname: 'other', severity: 'other' })).toBe(1);
      expect(sample(metrics, 'pulse_alert_notifications_total', { alertname: 'RegionDown', severity: 'critical' })).toBe(1);
      expect(metrics).not.toContain('yyyy');
    }));
});

describe('/-/reload', () => {
  const reload = (app: ExporterApp, key?: string) => app.fetch('/-/reload', { method: 'POST', key });

  it('is off unless --web.enable-lifecycle', () =>
    withApp({ env: adminEnv }, async (app) => {
      const off = await reload(app, ADMIN_KEY);
      expect(off.status).toBe(403);
      expect(await off.text()).toBe('lifecycle endpoints are off: start with --web.enable-lifecycle\n');
    }));

  it('needs the admin key once one is configured, and takes one reload per second: sooner answers 429 with Retry-After', () => {
    // The limit's clock moves only when the test moves it: however slowly the requests go, the
    // second comes within the first's second.
    let clock = 1_800_000_000_000;
    return withApp({ env: adminEnv, enableLifecycle: true, now: () => clock }, async (app) => {
      expect((await reload(app)).status).toBe(401);
      const [first, second] = await Promise.all([reload(app, ADMIN_KEY), reload(app, ADMIN_KEY)]);
      expect([first.status, second.status].sort()).toEqual([200, 429]);
      const limited = first.status === 429 ? first : second;
      expect(limited.headers.get('retry-after')).toBe('1');
      clock += 999;
      expect((await reload(app, ADMIN_KEY)).status).toBe(429);
      clock += 1;
      expect((await reload(app, ADMIN_KEY)).status).toBe(200);
    });
  });

  it('is open with --web.enable-lifecycle when no admin key is configured', () =>
    withApp({ enableLifecycle: true }, async (app) => {
      expect((await reload(app)).status).toBe(200);
    }));

  it('leaves probes in flight alone when the config does not change how regions are probed', async () => {
    let aborted = 0;
    const hangUntilAborted = (_spec: unknown, signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => (aborted++, reject(new Error('aborted')))));
    await withApp({ enableLifecycle: true, runProbe: hangUntilAborted }, async (app) => {
      await eventually('the first probe', async () => ((await app.runtime.refreshSnapshot()).probesInFlight === 1 ? true : undefined));
      expect((await reload(app)).status).toBe(200);
      expect(aborted).toBe(0);
    });
  });
});

describe('an on-demand region check (public)', () => {
  it(`answers the last result younger than ${ON_DEMAND_FRESH_MS} ms, else joins or starts one probe, however many ask`, async () => {
    let probes = 0;
    const countingProbe = (spec: ProbeSpec, signal: AbortSignal) => (probes++, runProbe(spec, signal));
    let clock = 1_800_000_000_000;
    await withApp({ runProbe: countingProbe, now: () => clock }, async (app) => {
      const check = () => app.fetch('/api/v1/regions/one/health');
      const burst = await Promise.all(Array.from({ length: 20 }, check));
      expect(burst.every((r) => r.status === 200)).toBe(true);
      for (let i = 0; i < 20; i++) expect((await check()).status).toBe(200);
      expect(probes).toBe(1);

      clock += ON_DEMAND_FRESH_MS;
      await Promise.all(Array.from({ length: 20 }, check));
      expect(probes).toBe(2);
    });
  });

  it('probes anew for the admin key, however fresh the last result', async () => {
    let probes = 0;
    const countingProbe = (spec: ProbeSpec, signal: AbortSignal) => (probes++, runProbe(spec, signal));
    await withApp({ env: adminEnv, runProbe: countingProbe, now: () => 1_800_000_000_000 }, async (app) => {
      expect((await app.fetch('/api/v1/regions/one/health')).status).toBe(200);
      const before = probes;
      for (let i = 0; i < 3; i++) expect((await app.fetch('/api/v1/regions/one/health', { key: ADMIN_KEY })).status).toBe(200);
      expect((await app.fetch('/api/v1/regions/one/health', { key: 'not the admin key' })).status).toBe(200);
      expect(probes).toBe(before + 3);
    });
  });
});

/** A raw connection, and everything the server sent on it until it closed. */
function rawConnection(port: number): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  socket.on('error', () => undefined);
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve(received))) };
}

describe('bounds on what one client can cost', () => {
  const nearest = (app: ExporterApp, body: string) => app.fetch('/api/v1/regions/nearest', postJson(body));

  it('answers a 400 with a bounded excerpt of the input, never the whole of it', () =>
    withApp({}, async (app) => {
      const longKey = await nearest(app, JSON.stringify({ [`k${'x'.repeat(60_000)}`]: 1 }));
      expect(longKey.status).toBe(400);
      const text = await longKey.text();
      expect(text.length).toBeLessThan(2_000);
      expect(text).toContain('more characters');

    }));

  it(`lists at most ${MAX_LISTED_PROBLEMS} problems of a bad batch, and says how many more there were`, () =>
    withApp({ env: { ACME_KEY: 'acme-key' }, extra: { projects: [{ id: 'acme', key_env: 'ACME_KEY' }] } }, async (app) => {
      const events = Array.from({ length: 1000 }, (_, i) => ({ id: `e${i}`, project: 'acme', region: 'one', type: 'api_requests', value: -1, timestamp: Date.now() }));
      const bad = await app.fetch('/api/v1/usage/events', postJson(JSON.stringify({ events }), 'acme-key'));
      expect(bad.status).toBe(400);
      const answer = (await bad.json()) as { error: string; problems: unknown[] };
      expect(answer.problems).toHaveLength(MAX_LISTED_PROBLEMS);
      expect(answer.error).toContain('and 995 more');
    }));

  it('answers 429 with Retry-After to an address past its budget of 400 and 401 answers, even for a good request', async () => {
    // The budget counts in fixed one-minute windows: the four answers must fall in one (a run
    // that crossed a minute is run again, on a fresh app).
    const seen = await withinOneWindow(FAILURE_WINDOW_MS, () =>
      withApp({ env: adminEnv, maxFailedRequestsPerMinute: 3 }, async (app) => {
        const failed: number[] = [];
        for (let i = 0; i < 3; i++) failed.push((await app.fetch('/api/v1/alerts/triggers')).status);
        const limited = await app.fetch('/api/v1/alerts/triggers', { key: ADMIN_KEY });
        return { failed, limited: { status: limited.status, retryAfter: limited.headers.get('retry-after') } };
      }),
    );
    expect(seen.failed).toEqual([401, 401, 401]);
    expect(seen.limited.status).toBe(429);
    expect(Number(seen.limited.retryAfter)).toBeGreaterThanOrEqual(1);
  }, 200_000);

  it('closes connections past --web.max-connections as they arrive', () =>
    withApp({ limits: { maxConnections: 2, requestTimeoutMs: 30_000 } }, async (app) => {
      const held = [rawConnection(app.port), rawConnection(app.port)];
      // Both are served, so both count against the cap.
      expect(await Promise.all(held.map(({ socket }) => healthyOver(socket)))).toEqual([true, true]);
      const refused = rawConnection(app.port);
      refused.socket.write('GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await refused.closed).toBe('');
      held.forEach(({ socket }) => socket.destroy());
    }));

  it('answers 408 and closes a connection whose body does not arrive within --web.read-timeout', () =>
    withApp({ limits: { maxConnections: 10, requestTimeoutMs: 500 } }, async (app) => {
      const slow = rawConnection(app.port);
      slow.socket.write('POST /api/v1/regions/nearest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"client_ip":');
      expect(await slow.closed).toMatch(/^HTTP\/1\.1 408 /);
    }));
});

/** Sends one request on a raw keep-alive connection and resolves once its answer starts. */
function healthyOver(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    socket.once('data', (chunk) => resolve(String(chunk).startsWith('HTTP/1.1 200')));
    socket.write('GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n');
  });
}
