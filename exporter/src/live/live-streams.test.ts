/**
 * The live streams in one process (runtime, HTTP app and WebSocket upgrade on a loopback port,
 * memory store): subscriptions, the aligned dashboard, alerts from the webhook, who may see what,
 * the bounds (queue, ping, caps) and SSE with its replay window.
 */
import { sample } from '../testing/exporter-process';
import { startExporterApp, type ExporterApp, type ExporterAppOptions } from '../testing/exporter-app';
import { connectWs, openSse, openWs, streamUrl, type LiveMessage } from '../testing/live-clients';
import { withinOneWindow } from '../testing/one-window';
import { RATE_WINDOW_MS } from '../usage/project-rate-limit';
import type { AlertNotification } from '../alerts/types';

const KEYS = { ACME_KEY: 'acme-secret', GLOBEX_KEY: 'globex-secret', PULSE_WEBHOOK_TOKEN: 'hook-secret' };
const projects = [
  { id: 'acme', key_env: 'ACME_KEY' },
  { id: 'globex', key_env: 'GLOBEX_KEY' },
];

async function withApp<T>(options: ExporterAppOptions, body: (app: ExporterApp) => Promise<T>): Promise<T> {
  const app = await startExporterApp({ env: KEYS, extra: { projects }, ...options });
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

const alert = (project: string, alertname: string, annotations: Record<string, string> = {}) => ({
  status: 'firing',
  labels: { alertname, project, severity: 'warning' },
  annotations,
  startsAt: '2026-12-07T00:00:00Z',
});

const postAlerts = (app: ExporterApp, alerts: unknown[]) =>
  app.fetch('/api/v1/alerts/webhook', { method: 'POST', key: KEYS.PULSE_WEBHOOK_TOKEN, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '4', receiver: 'pulse', status: 'firing', alerts }) });

const ofType = (type: string) => (message: LiveMessage) => message.type === type;

/** 32 MB of acme notifications into the hub, far past what the kernel's socket buffers take. */
function flood(app: ExporterApp): void {
  const big = 'x'.repeat(16_384);
  for (let i = 0; i < 2_000; i++) {
    const notification: AlertNotification = {
      status: 'firing', alertname: `Big${i}`, severity: 'warning', project: 'acme', labels: { alertname: `Big${i}`, project: 'acme' }, annotations: { big },
      startsAt: '2026-12-07T00:00:00Z', endsAt: '', fingerprint: String(i), receiver: 'pulse', receivedAtMs: Date.now(),
    };
    app.runtime.live.alertsArrived([notification]);
  }
}
const metric = async (app: ExporterApp, name: string, labels: Record<string, string>) => sample(await (await app.fetch('/metrics')).text(), name, labels) ?? 0;

describe('the WebSocket stream', () => {
  it('sends the dashboard every 5 s on the aligned ticks, and the subscribed metrics only', () =>
    withApp({}, async (app) => {
      const client = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      client.send({ type: 'getDashboardStream', project: 'acme' });
      client.send({ type: 'subscribeMetrics', metricNames: ['participant_minutes', 'storage_bytes'], project: 'acme' });
      const first = await client.inbox.next('a dashboard update', ofType('dashboardUpdate'));
      const second = await client.inbox.next('the next dashboard update', ofType('dashboardUpdate'));
      const firstAt = Date.parse(first.at!);
      expect(firstAt % 5000).toBe(0);
      expect(Date.parse(second.at!) - firstAt).toBe(5000);
      expect(first.project).toBe('acme');
      expect(first.data).toEqual(expect.objectContaining({ metrics: expect.any(Array) }));
      const update = await client.inbox.next('a metric update', ofType('metricUpdate'));
      expect((update.data as { metrics: Array<{ type: string }> }).metrics.map((m) => m.type).sort()).toEqual(['participant_minutes', 'storage_bytes']);

      client.send({ type: 'stopDashboardStream' });
      client.send({ type: 'unsubscribeMetrics' });
      // The server answers a connection's messages in order: once this one's error is in, both stops
      // are applied and every update sent before them has arrived, and is cleared with it.
      client.send({ type: 'notAMessage' });
      await client.inbox.next('the answer to the message after the stops', ofType('error'));
      client.inbox.clear();
      // A witness subscribed only now: the first update it gets comes from a tick after the stops,
      // one that would have reached the stopped client on the same fan-out, before the alert.
      const witness = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      witness.send({ type: 'getDashboardStream', project: 'acme' });
      witness.send({ type: 'subscribeMetrics', metricNames: ['participant_minutes'], project: 'acme' });
      await witness.inbox.next("the witness's metric update", ofType('metricUpdate'));
      // Stopped: the webhook's alert is the next message, no dashboard or metric update before it.
      expect((await postAlerts(app, [alert('acme', 'After')])).status).toBe(200);
      const next = await client.inbox.next('the alert', () => true);
      expect(next.type).toBe('alertNotification');
      witness.ws.close();
      client.ws.close();
    }), 30_000);

  it("delivers a project's alert notifications as the webhook receives them, and no other project's", () =>
    withApp({}, async (app) => {
      const client = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      expect((await postAlerts(app, [alert('globex', 'GlobexOnly'), alert('acme', 'AcmeFirst')])).status).toBe(200);
      expect((await postAlerts(app, [alert('acme', 'AcmeSecond')])).status).toBe(200);
      const first = await client.inbox.next('an alert', ofType('alertNotification'));
      const second = await client.inbox.next('an alert', ofType('alertNotification'));
      expect([first, second].map((m) => (m.data as { alert_name: string }).alert_name)).toEqual(['AcmeFirst', 'AcmeSecond']);
      expect(first.project).toBe('acme');
      expect(await metric(app, 'pulse_stream_messages_total', { type: 'alertNotification' })).toBe(2);
      client.ws.close();
    }));

  it("streams a project alert's firing as its lifecycle trigger: source project, the id acknowledge takes", () =>
    withApp({}, async (app) => {
      const client = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      const projectAlert = { ...alert('acme', 'ProjectAlert', { summary: 'minutes over 10', value: '12', threshold: '10' }), labels: { alertname: 'ProjectAlert', project: 'acme', severity: 'high', alert_id: 'a1' } };
      expect((await postAlerts(app, [projectAlert])).status).toBe(200);
      const streamed = (await client.inbox.next('the project alert', ofType('alertNotification'))).data as { id: string; source: string; alert_id: string; acknowledgeable: boolean; value: number };
      const listed = (await (await app.fetch('/api/v1/analytics/triggers/acme', { key: KEYS.ACME_KEY })).json()) as { triggers: Array<{ id: string; alert_id: string | null }> };
      const trigger = listed.triggers.find((t) => t.alert_id === 'a1');
      expect(streamed).toEqual(expect.objectContaining({ id: trigger?.id, source: 'project', alert_id: 'a1', acknowledgeable: true, value: 12 }));
      client.ws.close();
    }));

  it("refuses another project's key at the handshake (403), a missing key (401), and another project in a message", () =>
    withApp({}, async (app) => {
      const wrong = await openWs(streamUrl(app.url, 'globex'), { key: KEYS.ACME_KEY });
      expect(wrong).toEqual({ ok: false, status: 403, error: expect.stringContaining('reaches only project "acme"') });
      const none = await openWs(streamUrl(app.url, 'acme'));
      expect(none).toEqual({ ok: false, status: 401, error: expect.stringContaining('key is required') });

      const client = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      client.send({ type: 'getDashboardStream', project: 'globex' });
      expect((await client.inbox.next('an error', ofType('error'))).reason).toBe('getDashboardStream: project: this connection is for project "acme" (got "globex")');
      client.ws.close();
    }));

  it('answers a bad message with an error naming the field and the value, and keeps the connection', () =>
    withApp({}, async (app) => {
      const client = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      client.send({ type: 'subscribeMetrics', metricNames: ['participant_minutes', 'nope'] });
      expect((await client.inbox.next('an error', ofType('error'))).reason).toMatch(/^invalid message: metricNames\[1\]: .* \(got "nope"\)$/);
      client.send({ type: 'launchRockets' });
      expect((await client.inbox.next('an error', ofType('error'))).reason).toMatch(/^invalid message: type: .*\(got "launchRockets"\)$/);
      client.ws.send('{not json');
      expect((await client.inbox.next('an error', ofType('error'))).reason).toMatch(/^invalid JSON: /);
      expect(client.ws.readyState).toBe(client.ws.OPEN);
      client.ws.close();
    }));

  it('takes the key from a subprotocol, the browser way, and never echoes it', () =>
    withApp({}, async (app) => {
      const client = await connectWs(streamUrl(app.url, 'acme'), { protocols: ['pulse.v1', `pulse.key.${KEYS.ACME_KEY}`] });
      expect(client.ws.protocol).toBe('pulse.v1');
      const wrong = await openWs(streamUrl(app.url, 'acme'), { protocols: ['pulse.v1', 'pulse.key.guess'] });
      expect(wrong).toEqual({ ok: false, status: 401, error: expect.stringContaining('matches no project') });
      client.ws.close();
    }));

  it('closes a consumer that stops reading with 4008 and a reason, queueing no more than its bound', () =>
    withApp({ liveLimits: { maxQueuedMessages: 8 } }, async (app) => {
      const client = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      const socket = (client.ws as unknown as { _socket: import('node:net').Socket })._socket;
      socket.pause();
      flood(app);
      expect(await metric(app, 'pulse_stream_drops_total', { reason: 'slow_consumer' })).toBe(1);
      // Far fewer than 2,000 were ever sent: the rest were never queued.
      expect(await metric(app, 'pulse_stream_messages_total', { type: 'alertNotification' })).toBeLessThan(1_000);
      socket.resume();
      expect(await client.closed).toEqual({ code: 4008, reason: 'slow consumer: more than 8 messages queued' });
      expect(await metric(app, 'pulse_stream_connections', { transport: 'websocket' })).toBe(0);
    }), 30_000);

  it('closes a peer that does not answer pings', () =>
    withApp({ liveLimits: { pingIntervalMs: 200 } }, async (app) => {
      const answering = await connectWs(streamUrl(app.url));
      const silent = await connectWs(streamUrl(app.url), { autoPong: false });
      expect((await silent.closed).code).toBe(1006);
      expect(await metric(app, 'pulse_stream_drops_total', { reason: 'dead_peer' })).toBe(1);
      expect(answering.ws.readyState).toBe(answering.ws.OPEN);
      answering.ws.close();
    }));

  it('refuses connections past the per-project and the global cap with 429 and a reason', () =>
    withApp({ liveLimits: { maxConnectionsPerProject: 2, maxConnections: 3 } }, async (app) => {
      const open = [await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY }), await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY })];
      expect(await openWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY })).toEqual({ ok: false, status: 429, error: expect.stringContaining('project "acme" has its most live connections on this exporter (2)') });
      const sseRefused = await openSse(`${app.url}/api/v1/analytics/events?project=acme`, { authorization: `Bearer ${KEYS.ACME_KEY}` });
      expect(sseRefused.status).toBe(429);
      open.push(await connectWs(streamUrl(app.url)));
      expect(await openWs(streamUrl(app.url))).toEqual({ ok: false, status: 429, error: expect.stringContaining('its most live connections (3)') });
      // A place comes free when a connection closes.
      open[0].ws.close();
      await open[0].closed;
      const again = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      for (const client of [...open, again]) client.ws.close();
    }));
});

describe('the project rate limit at the handshake', () => {
  const limited = { extra: { projects: [{ ...projects[0], rate_limit_per_minute: 3 }, projects[1]] } };

  it("counts every project handshake (WebSocket and SSE) against the project's API rate limit, shared with REST calls", async () => {
    // The limit counts in fixed one-minute windows: the five draws must fall in one (a run that
    // crossed a minute is run again, on a fresh app).
    const seen = await withinOneWindow(RATE_WINDOW_MS, () =>
      withApp(limited, async (app) => {
        (await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY })).ws.close();
        const sse = await openSse(`${app.url}/api/v1/analytics/events?project=acme`, { authorization: `Bearer ${KEYS.ACME_KEY}` });
        sse.close();
        const rest = await app.fetch('/api/v1/analytics/realtime/acme', { key: KEYS.ACME_KEY });
        const opened = await openWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
        if (opened.ok) opened.client.ws.close();
        const ws = opened.ok ? { ok: true } : opened;
        const refused = await openSse(`${app.url}/api/v1/analytics/events?project=acme`, { authorization: `Bearer ${KEYS.ACME_KEY}` });
        // Another project's budget and the public stream are untouched; no slot was kept by a refusal.
        const globex = await connectWs(streamUrl(app.url, 'globex'), { key: KEYS.GLOBEX_KEY });
        const publicStream = await connectWs(streamUrl(app.url));
        const connections = await metric(app, 'pulse_stream_connections', { transport: 'websocket' });
        globex.ws.close();
        publicStream.ws.close();
        return { allowed: [sse.status, rest.status], ws, refused: { status: refused.status, retryAfter: refused.response.headers.get('retry-after') }, connections };
      }),
    );
    expect(seen.allowed).toEqual([200, 200]);
    expect(seen.ws).toEqual({ ok: false, status: 429, error: expect.stringMatching(/^rate limit of 3 requests per minute reached for project "acme"; retry after \d+ s$/) });
    expect(seen.refused.status).toBe(429);
    expect(Number(seen.refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(seen.connections).toBe(2);
  }, 200_000);
});

describe('the SSE stream', () => {
  const events = (app: ExporterApp, query: string) => `${app.url}/api/v1/analytics/events${query}`;
  const auth = { authorization: `Bearer ${KEYS.ACME_KEY}` };

  it('sends alerts as typed events with ids, and replays after Last-Event-ID within the window', () =>
    withApp({}, async (app) => {
      const stream = await openSse(events(app, '?project=acme&streams=alerts'), auth);
      expect(stream.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      await postAlerts(app, [alert('acme', 'One')]);
      await postAlerts(app, [alert('acme', 'Two')]);
      const one = await stream.inbox.next('alert One', (e) => e.event === 'alertNotification');
      await stream.inbox.next('alert Two', (e) => e.event === 'alertNotification');
      stream.close();

      const resumed = await openSse(events(app, '?project=acme&streams=alerts'), { ...auth, 'last-event-id': one.id! });
      const replayed = await resumed.inbox.next('the replayed alert', (e) => e.event === 'alertNotification');
      expect(JSON.parse(replayed.data)).toEqual(expect.objectContaining({ type: 'alertNotification', project: 'acme', data: expect.objectContaining({ alert_name: 'Two' }) }));
      resumed.close();

      const lost = await openSse(events(app, '?project=acme&streams=alerts'), { ...auth, 'last-event-id': 'gone.1' });
      expect(JSON.parse((await lost.inbox.next('an error', (e) => e.event === 'error')).data).reason).toMatch(/^Last-Event-ID "gone.1" is outside the replay window/);
      lost.close();
    }));

  it('ends the stream of a consumer that stops reading, with an error event saying why', () =>
    withApp({ liveLimits: { maxQueuedMessages: 8 } }, async (app) => {
      // Opened, never read: the body's stream applies backpressure to the socket.
      const response = await fetch(events(app, '?project=acme&streams=alerts'), { headers: auth });
      expect(response.status).toBe(200);
      flood(app);
      expect(await metric(app, 'pulse_stream_drops_total', { reason: 'slow_consumer' })).toBe(1);
      expect(await metric(app, 'pulse_stream_messages_total', { type: 'alertNotification' })).toBeLessThan(1_000);
      const text = await response.text();
      expect(text.trimEnd().endsWith('"reason":"slow consumer: more than 8 messages queued; closed"}')).toBe(true);
      expect(await metric(app, 'pulse_stream_connections', { transport: 'sse' })).toBe(0);
    }), 30_000);

  it('carries the same message text, byte for byte, as the WebSocket stream, in the order published', () =>
    withApp({}, async (app) => {
      const sse = await openSse(events(app, '?project=acme&streams=alerts'), auth);
      const client = await connectWs(streamUrl(app.url, 'acme'), { key: KEYS.ACME_KEY });
      const raw: string[] = [];
      client.ws.on('message', (data) => raw.push(data.toString()));
      expect((await postAlerts(app, [alert('acme', 'First'), alert('acme', 'Second')])).status).toBe(200);
      const overSse = [await sse.inbox.next('alert First', (e) => e.event === 'alertNotification'), await sse.inbox.next('alert Second', (e) => e.event === 'alertNotification')];
      await client.inbox.next('alert First', ofType('alertNotification'));
      await client.inbox.next('alert Second', ofType('alertNotification'));
      expect(raw).toEqual(overSse.map((e) => e.data));
      expect(raw.map((text) => (JSON.parse(text) as { data: { alert_name: string } }).data.alert_name)).toEqual(['First', 'Second']);
      expect(overSse.map((e) => e.id)).toEqual(raw.map((text) => (JSON.parse(text) as { id: string }).id));
      sse.close();
      client.ws.close();
    }));

  it('names the bad parameter in a 400, and needs a key only for project streams', () =>
    withApp({}, async (app) => {
      const bad = await app.fetch('/api/v1/analytics/events?project=acme&streams=alerts,weather', { key: KEYS.ACME_KEY });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/streams\[1\].*"weather"/);
      const noProject = await app.fetch('/api/v1/analytics/events?streams=alerts');
      expect(noProject.status).toBe(400);
      expect(((await noProject.json()) as { error: string }).error).toBe('invalid request: project: is required for the streams alerts (only regions is public)');
      expect((await app.fetch('/api/v1/analytics/events?project=globex', { key: KEYS.ACME_KEY })).status).toBe(403);
      const publicStream = await openSse(events(app, '?streams=regions'));
      expect(publicStream.status).toBe(200);
      publicStream.close();
    }));
});
