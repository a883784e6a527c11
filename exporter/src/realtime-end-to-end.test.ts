/**
 * The real-time dashboard and trigger endpoints end to end: two exporter processes sharing a real
 * redis-server, usage sent through the ingestion API with timestamps in the previous and current
 * windows, notifications through the Alertmanager webhook.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import type { RealtimeDocument } from './analytics/realtime';
import type { Trigger } from './analytics/triggers';
import { MINUTE_MS, minuteOf } from './store/recent-usage';
import { eventually, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';
import { withinOneWindow } from './testing/one-window';
import { RATE_WINDOW_MS } from './usage/project-rate-limit';

const KEYS = { ACME_KEY: 'acme-secret', GLOBEX_KEY: 'globex-secret', INITECH_KEY: 'initech-secret', PULSE_WEBHOOK_TOKEN: 'hook-secret' };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
/** globex and initech may make this many API requests a minute. */
const SMALL_LIMIT = 5;

let redis: RedisServerHandle;
let simulator: Simulator;
let replicaA: ExporterProcess;
let replicaB: ExporterProcess;

const get = (exporter: ExporterProcess, path: string, key?: string) => fetch(exporter.url + path, { headers: key ? auth(key) : {} });
const realtime = async (exporter: ExporterProcess): Promise<RealtimeDocument> => {
  const response = await get(exporter, '/api/v1/analytics/realtime/acme', KEYS.ACME_KEY);
  expect(response.status).toBe(200);
  return (await response.json()) as RealtimeDocument;
};

/** Starts of minutes counted back from the window end the test began in; robust to one minute passing meanwhile. */
const windowEnd = minuteOf(Date.now());
const minutesAgo = (minutes: number, offsetMs = 0): string => new Date(windowEnd - minutes * MINUTE_MS + offsetMs).toISOString();

let sequence = 0;
const event = (type: string, value: number, timestamp: string, region = 'one', project = 'acme') => ({ id: `rt-${++sequence}`, project, region, type, value, timestamp });

beforeAll(async () => {
  redis = await startRedisServer();
  simulator = await createSimulator({ regions: [{ code: 'one', latencyMs: 2 }, { code: 'two', latencyMs: 2 }] });
  const configFile = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '1s',
    timeout: '500ms',
    extra: {
      projects: [
        { id: 'acme', key_env: 'ACME_KEY' },
        { id: 'globex', key_env: 'GLOBEX_KEY', rate_limit_per_minute: SMALL_LIMIT },
        { id: 'initech', key_env: 'INITECH_KEY', rate_limit_per_minute: SMALL_LIMIT },
      ],
    },
  });
  const start = () => startExporter(configFile, { env: { ...KEYS, REDIS_URL: redis.url } });
  [replicaA, replicaB] = await Promise.all([start(), start()]);

  // Known usage of acme: the previous window is 15-30 minutes before the window end, the current
  // one the 15 minutes before it. Events sit mid-window so a minute passing keeps them in place.
  const sent = await replicaA.post(
    '/api/v1/usage/events',
    {
      events: [
        event('participant_minutes', 100, minutesAgo(22)),
        event('participant_minutes', 60, minutesAgo(7)),
        event('participant_minutes', 60, minutesAgo(6), 'two'),
        event('egress_minutes', 50, minutesAgo(22)),
        event('egress_minutes', 48, minutesAgo(7)),
        event('bandwidth_bytes', 1000, minutesAgo(22)),
        event('bandwidth_bytes', 500, minutesAgo(7)),
        event('api_requests', 7, minutesAgo(7)),
        event('storage_bytes', 500, minutesAgo(25), 'two'),
        event('storage_bytes', 1000, minutesAgo(20)),
        event('storage_bytes', 1100, minutesAgo(5)),
      ],
    },
    auth(KEYS.ACME_KEY),
  );
  expect(sent.status).toBe(200);
  // Another project's usage stays out of acme's document.
  expect((await replicaB.post('/api/v1/usage/events', { events: [event('participant_minutes', 9999, minutesAgo(7), 'one', 'globex')] }, auth(KEYS.GLOBEX_KEY))).status).toBe(200);

  const alert = (status: 'firing' | 'resolved', fingerprint: string, project: string, extra: Record<string, unknown> = {}) => ({
    status,
    labels: { alertname: `Alert-${fingerprint}`, severity: 'high', project },
    annotations: { summary: `alert ${fingerprint} of ${project}`, value: '1234.5', threshold: '1000' },
    startsAt: minutesAgo(30),
    endsAt: status === 'resolved' ? minutesAgo(2) : '0001-01-01T00:00:00Z',
    fingerprint,
    ...extra,
  });
  // Delivered one at a time so their receive times, and so their order, are known.
  const deliveries = [alert('firing', 'f1', 'acme', { startsAt: minutesAgo(40) }), alert('firing', 'f2', 'acme'), alert('firing', 'g1', 'globex'), alert('resolved', 'f2', 'acme', { annotations: { summary: 'resolved f2' } })];
  for (const delivered of deliveries) {
    const response = await replicaB.post('/api/v1/alerts/webhook', { version: '4', receiver: 'pulse', status: delivered.status, alerts: [delivered] }, auth(KEYS.PULSE_WEBHOOK_TOKEN));
    expect(response.status).toBe(200);
    await sleep(5);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await simulator?.close();
  await redis?.stop();
});

describe('GET /api/v1/analytics/realtime/:project_id', () => {
  it('gives the same document on two replicas sharing Redis', async () => {
    // Both read within one minute (the windows' resolution); asked again should a minute pass between.
    const [a, b] = await eventually('two reads within one minute', async () => {
      const pair = [await realtime(replicaA), await realtime(replicaB)];
      return pair[0].timestamp === pair[1].timestamp ? pair : undefined;
    });
    expect(b).toEqual(a);
    expect(a.project_id).toBe('acme');
  });

  it('gives each usage type its value, trend and change rate against the previous 15 minutes', async () => {
    const doc = await realtime(replicaA);
    expect(doc.metrics.map((m) => [m.type, m.metric_name, m.value, m.previous_value, m.change_rate, m.trend, m.unit])).toEqual([
      ['participant_minutes', 'Participant Minutes', 120, 100, 20, 'up', 'minutes'],
      ['egress_minutes', 'Egress Minutes', 48, 50, -4, 'stable', 'minutes'],
      ['storage_bytes', 'Storage Usage', 1600, 1500, 6.67, 'up', 'bytes'],
      ['bandwidth_bytes', 'Bandwidth Usage', 500, 1000, -50, 'down', 'bytes'],
      ['api_requests', 'API Requests', 7, 0, 100, 'up', 'requests'],
    ]);
    const end = Date.parse(doc.timestamp);
    expect(end % MINUTE_MS).toBe(0);
    expect(Date.now() - end).toBeLessThan(2 * MINUTE_MS + 60_000);
    for (const metric of doc.metrics) expect(metric).toMatchObject({ timestamp: doc.timestamp, window_end: doc.timestamp, window_start: new Date(end - 15 * MINUTE_MS).toISOString() });
  });

  it('lists the largest usage by region and type, and the project’s firing alerts and newest triggers', async () => {
    const doc = await realtime(replicaB);
    expect(doc.top_events.slice(0, 4).map((e) => [e.type, e.region, e.value, e.share])).toEqual([
      ['egress_minutes', 'one', 48, 100],
      ['bandwidth_bytes', 'one', 500, 100],
      ['api_requests', 'one', 7, 100],
      ['storage_bytes', 'one', 1100, 68.75],
    ]);
    expect(doc.active_alerts).toBe(1);
    // One entry per firing: f2's firing and resolved notifications are one resolved trigger.
    expect(doc.recent_triggers.map((t) => [t.alert_name, t.status])).toEqual([
      ['Alert-f2', 'resolved'],
      ['Alert-f1', 'triggered'],
    ]);
    const listed = (await (await get(replicaA, '/api/v1/analytics/triggers/acme', KEYS.ACME_KEY)).json()) as { triggers: Trigger[] };
    expect(doc.recent_triggers).toEqual(listed.triggers);
  });
});

describe('GET /api/v1/analytics/triggers/:project_id', () => {
  const triggers = async (query = ''): Promise<{ project_id: string; limit: number; count: number; triggers: Trigger[] }> => {
    const response = await get(replicaA, `/api/v1/analytics/triggers/acme${query}`, KEYS.ACME_KEY);
    expect(response.status).toBe(200);
    return (await response.json()) as { project_id: string; limit: number; count: number; triggers: Trigger[] };
  };

  it('lists the project’s operator-alert firings, newest first, as triggers the project cannot acknowledge', async () => {
    const answer = await triggers();
    expect(answer).toMatchObject({ project_id: 'acme', limit: 20, count: 2 });
    const [resolved, firing] = answer.triggers;
    const operator = { source: 'rules', acknowledgeable: false, alert_id: null, acknowledged_at: null, id: expect.stringMatching(/^[0-9a-f]{16}$/) };
    // The resolved firing is described by its firing notification (value, threshold, summary).
    expect(resolved).toMatchObject({ ...operator, alert_name: 'Alert-f2', status: 'resolved', severity: 'high', message: 'alert f2 of acme', value: 1234.5, threshold: 1000, triggered_at: minutesAgo(30), resolved_at: minutesAgo(2) });
    expect(firing).toMatchObject({ ...operator, alert_name: 'Alert-f1', status: 'triggered', message: 'alert f1 of acme', triggered_at: minutesAgo(40), resolved_at: null });
    expect((await replicaA.post(`/api/v1/analytics/triggers/${firing.id}/acknowledge`, {}, auth(KEYS.ACME_KEY))).status).toBe(404);
  });

  it('answers at most `limit` triggers, 1 and 100 included, and the same ids on every replica', async () => {
    expect((await triggers('?limit=1')).triggers.map((t) => t.alert_name)).toEqual(['Alert-f2']);
    expect((await triggers('?limit=100')).count).toBe(2);
    const fromB = (await (await get(replicaB, '/api/v1/analytics/triggers/acme?limit=2', KEYS.ACME_KEY)).json()) as { triggers: Trigger[] };
    expect(fromB.triggers.map((t) => t.id)).toEqual((await triggers('?limit=2')).triggers.map((t) => t.id));
  });
});

describe('the real-time and trigger endpoints’ guard', () => {
  const endpoints = { realtime: '/api/v1/analytics/realtime', triggers: '/api/v1/analytics/triggers' };

  /** Audit lines the exporter wrote for a path, parsed. */
  const auditLines = (exporter: ExporterProcess, route: string) =>
    exporter
      .logs()
      .split('\n')
      .filter((line) => line.includes('"audit":true'))
      .map((line) => JSON.parse(line) as { project: string; route: string; status: number; duration_ms: number; method: string })
      .filter((line) => line.route === route);

  describe.each(Object.entries(endpoints))('%s', (_name, base) => {
    it('answers 401 without a key or with a wrong one, and 403 for another project', async () => {
      const none = await get(replicaA, `${base}/acme`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await none.json()) as { error: string }).error).toMatch(/API key is required/);
      const wrong = await get(replicaA, `${base}/acme`, 'not-a-key');
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as { error: string }).error).toMatch(/matches no project/);
      const other = await get(replicaA, `${base}/globex`, KEYS.ACME_KEY);
      expect(other.status).toBe(403);
      expect(((await other.json()) as { error: string }).error).toContain('reaches only project "acme" (got "globex")');
    });

    it('writes one audit line per request, with project, route, status and duration', async () => {
      const route = `${base}/:project_id`;
      const before = auditLines(replicaB, route).length;
      const statuses = [(await get(replicaB, `${base}/acme`, KEYS.ACME_KEY)).status, (await get(replicaB, `${base}/acme`)).status, (await get(replicaB, `${base}/acme?bogus=1`, KEYS.ACME_KEY)).status];
      expect(statuses).toEqual([200, 401, 400]);
      const lines = await eventually('three audit lines', async () => {
        const all = auditLines(replicaB, route);
        return all.length >= before + 3 ? all.slice(before) : undefined;
      });
      await sleep(200); // and no more arrive
      expect(auditLines(replicaB, route)).toHaveLength(before + 3);
      expect(lines.map((l) => [l.project, l.method, l.status])).toEqual([
        ['acme', 'GET', 200],
        ['acme', 'GET', 401],
        ['acme', 'GET', 400],
      ]);
      for (const line of lines) expect(line.duration_ms).toBeGreaterThanOrEqual(0);
    });
  });

  it.each([
    ['realtime', 'globex', KEYS.GLOBEX_KEY],
    ['triggers', 'initech', KEYS.INITECH_KEY],
  ] as const)('%s: allows the project’s limit of requests a minute across replicas, then answers 429', async (name, project, key) => {
    // The limit counts in fixed one-minute windows: the six requests must fall in one, however
    // slowly they go (a run that crossed a minute is run again in a fresh one).
    const path = `${endpoints[name]}/${project}`;
    const [statuses, refused] = await withinOneWindow(RATE_WINDOW_MS, async () => {
      const allowed: number[] = [];
      for (let i = 0; i < SMALL_LIMIT; i++) allowed.push((await get(i % 2 === 0 ? replicaA : replicaB, path, key)).status);
      const last = await get(replicaB, path, key);
      return [allowed, { status: last.status, retryAfter: last.headers.get('retry-after'), body: (await last.json()) as { error: string } }] as const;
    });
    expect(statuses).toEqual(Array(SMALL_LIMIT).fill(200));
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body.error).toContain(`rate limit of ${SMALL_LIMIT} requests per minute reached for project "${project}"`);
  }, 240_000);
});

describe('bad requests to the real-time and trigger endpoints', () => {
  const cases: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, RegExp]>]> = [
    ['realtime: an unknown parameter', '/api/v1/analytics/realtime/acme?window=30m', [['window', /unknown field/]]],
    ['realtime: limit, which it does not take', '/api/v1/analytics/realtime/acme?limit=5', [['limit', /unknown field/]]],
    ['realtime: project_id as a parameter', '/api/v1/analytics/realtime/acme?project_id=globex', [['project_id', /unknown field/]]],
    ['realtime: two unknown parameters, both named', '/api/v1/analytics/realtime/acme?from=1&to=2', [['from', /unknown field/], ['to', /unknown field/]]],
    ['realtime: a forecast parameter', '/api/v1/analytics/realtime/acme?metric_type=participant_minutes', [['metric_type', /unknown field/]]],
    ['triggers: limit 0', '/api/v1/analytics/triggers/acme?limit=0', [['limit', /from 1 to 100 \(got "0"\)/]]],
    ['triggers: limit 101', '/api/v1/analytics/triggers/acme?limit=101', [['limit', /from 1 to 100 \(got "101"\)/]]],
    ['triggers: a negative limit', '/api/v1/analytics/triggers/acme?limit=-1', [['limit', /from 1 to 100 \(got "-1"\)/]]],
    ['triggers: a fractional limit', '/api/v1/analytics/triggers/acme?limit=1.5', [['limit', /whole number .*\(got "1.5"\)/]]],
    ['triggers: a limit that is not a number', '/api/v1/analytics/triggers/acme?limit=ten', [['limit', /whole number .*\(got "ten"\)/]]],
    ['triggers: an empty limit', '/api/v1/analytics/triggers/acme?limit=', [['limit', /from 1 to 100 \(got ""\)/]]],
    ['triggers: limit given twice', '/api/v1/analytics/triggers/acme?limit=5&limit=6', [['limit', /whole number .*\(got \["5","6"\]\)/]]],
    ['triggers: a huge limit', '/api/v1/analytics/triggers/acme?limit=1e9', [['limit', /from 1 to 100 \(got "1e9"\)/]]],
    ['triggers: an unknown parameter', '/api/v1/analytics/triggers/acme?severity=high', [['severity', /unknown field/]]],
    ['triggers: a bad limit and an unknown parameter, both named', '/api/v1/analytics/triggers/acme?limit=abc&page=2', [['limit', /got "abc"/], ['page', /unknown field/]]],
    ['triggers: a limit with trailing text', '/api/v1/analytics/triggers/acme?limit=5x', [['limit', /got "5x"/]]],
  ];

  it.each(cases)('names the problem of %s with a 400', async (_name, path, expected) => {
    const response = await get(replicaA, path, KEYS.ACME_KEY);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; problems: Array<{ field: string; message: string }> };
    expect(body.problems).toHaveLength(expected.length);
    expected.forEach(([field, message], index) => {
      expect(body.problems[index].field).toBe(field);
      expect(body.problems[index].message).toMatch(message);
    });
    expect(body.error).toMatch(/^invalid request: /);
  });
});

describe('the real-time and trigger endpoints without their store', () => {
  it('answer 503 with Retry-After while Redis is down, and the same data once it is back', async () => {
    const before = await realtime(replicaA);
    await redis.kill();
    for (const path of ['/api/v1/analytics/realtime/acme', '/api/v1/analytics/triggers/acme']) {
      const response = await get(replicaA, path, KEYS.ACME_KEY);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(((await response.json()) as { error: string }).error).toMatch(/store is unavailable/);
    }
    await redis.restart();
    const after = await eventually('realtime once Redis is back', async () => {
      const response = await get(replicaA, '/api/v1/analytics/realtime/acme', KEYS.ACME_KEY);
      return response.status === 200 ? ((await response.json()) as RealtimeDocument) : undefined;
    });
    if (after.timestamp === before.timestamp) expect(after).toEqual(before);
    expect(after.metrics.find((m) => m.type === 'participant_minutes')?.value).toBe(120);
  }, 60_000);
});
