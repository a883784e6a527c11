/**
 * Who may do what on the exporter's HTTP surface (DESIGN.md "Who may do what"): each test starts
 * the runtime and app in this process and talks HTTP to it.
 */
import pino from 'pino';
import { runProbe } from '../probes/registry';
import type { ProbeSpec } from '../probes/types';
import { ON_DEMAND_FRESH_MS } from '../runtime';
import { eventually, sample } from '../testing/exporter-process';
import { startExporterApp, type ExporterApp } from '../testing/exporter-app';

const ADMIN_KEY = 'admin-secret';
const adminEnv = { PULSE_ADMIN_KEY: ADMIN_KEY };

async function withApp(options: Parameters<typeof startExporterApp>[0], body: (app: ExporterApp) => Promise<void>): Promise<void> {
  const app = await startExporterApp(options);
  try {
    await body(app);
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

  it('needs the admin key once one is configured, and takes one reload per second: sooner answers 429 with Retry-After', () =>
    withApp({ env: adminEnv, enableLifecycle: true }, async (app) => {
      expect((await reload(app)).status).toBe(401);
      const [first, second] = await Promise.all([reload(app, ADMIN_KEY), reload(app, ADMIN_KEY)]);
      expect([first.status, second.status].sort()).toEqual([200, 429]);
      const limited = first.status === 429 ? first : second;
      expect(limited.headers.get('retry-after')).toBe('1');
    }));

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
});
