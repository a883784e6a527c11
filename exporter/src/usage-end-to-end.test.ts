/**
 * Usage ingestion end to end: real exporter processes sharing a real redis-server, as replicas
 * and across restarts, with Redis killed under load; plus the alert webhook and trigger history.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { eventually, sample, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';
import { malformedCases } from './usage/testing/malformed-batches';

const KEYS = { ACME_KEY: 'acme-secret', GLOBEX_KEY: 'globex-secret', TEAM_KEY: 'team-secret', PULSE_WEBHOOK_TOKEN: 'hook-secret', PULSE_ADMIN_KEY: 'admin-secret' };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

let redis: RedisServerHandle;
let simulator: Simulator;
let configFile: string;
let replicaA: ExporterProcess;
let replicaB: ExporterProcess;
let sequence = 0;

// Replica A probes from Frankfurt, replica B from Tokyo: two vantage points sharing one Redis.
// The malformed-batch cases send over a hundred 400s from one address: past the default budget.
const start = (vantage = 'frankfurt') =>
  startExporter(configFile, { env: { ...KEYS, REDIS_URL: redis.url, PULSE_VANTAGE: vantage }, args: ['--web.max-failed-requests-per-minute=10000'] });

function event(overrides: Record<string, unknown> = {}) {
  sequence++;
  return { id: `ev-${process.pid}-${sequence}`, project: 'acme', region: 'one', type: 'participant_minutes', value: 2, timestamp: new Date().toISOString(), ...overrides };
}

const usageLines = (text: string) => text.split('\n').filter((l) => l.startsWith('pulse_usage_') && !l.startsWith('pulse_usage_events_total')).sort();
const total = async (exporter: ExporterProcess, labels: Record<string, string>, name = 'pulse_usage_participant_minutes_total') => sample(await exporter.metrics(), name, labels) ?? 0;

beforeAll(async () => {
  redis = await startRedisServer();
  simulator = await createSimulator({ regions: [{ code: 'one', latencyMs: 2 }, { code: 'two', latencyMs: 2 }] });
  configFile = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '1s',
    timeout: '500ms',
    extra: {
      vantage: 'frankfurt',
      vantages: [
        { name: 'frankfurt', latitude: 50.11, longitude: 8.68 },
        { name: 'tokyo', latitude: 35.68, longitude: 139.69 },
      ],
      projects: [
        { id: 'acme', key_env: 'ACME_KEY' },
        { id: 'globex', key_env: 'GLOBEX_KEY', rate_limit_per_minute: 5 },
      ],
      project_pattern: { regex: 'team-[a-z0-9]+', max_projects: 2, key_env: 'TEAM_KEY' },
    },
  });
  [replicaA, replicaB] = await Promise.all([start('frankfurt'), start('tokyo')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await simulator?.close();
  await redis?.stop();
});

describe('usage ingestion on a shared Redis store', () => {
  it('counts a batch once even when it is sent twice', async () => {
    const before = await total(replicaA, { project: 'acme', region: 'two' });
    const batch = { events: [event({ region: 'two', value: 5 }), event({ region: 'two', value: 7 })] };
    const first = await replicaA.post('/api/v1/usage/events', batch, auth(KEYS.ACME_KEY));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, duplicate_ids: [] });
    const again = await replicaB.post('/api/v1/usage/events', batch, auth(KEYS.ACME_KEY));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { duplicates: number }).duplicates).toBe(2);
    expect((await total(replicaA, { project: 'acme', region: 'two' })) - before).toBe(12);
  });

  it('shows identical totals on two replicas sharing one Redis', async () => {
    await replicaA.post('/api/v1/usage/events', { events: [event({ type: 'storage_bytes', value: 1_000_000 }), event({ type: 'api_requests', value: 3 })] }, auth(KEYS.ACME_KEY));
    await replicaB.post('/api/v1/usage/events', { events: [event({ type: 'bandwidth_bytes', value: 4096 })] }, auth(KEYS.ACME_KEY));
    const [a, b] = await Promise.all([replicaA.metrics(), replicaB.metrics()]);
    expect(usageLines(a).length).toBeGreaterThanOrEqual(4);
    expect(usageLines(a)).toEqual(usageLines(b));
    expect(sample(a, 'pulse_usage_storage_bytes', { project: 'acme', region: 'one' })).toBe(1_000_000);
  });

  it("follows, scrape after scrape, the totals the other replica writes", async () => {
    const labels = { project: 'acme', region: 'two' };
    const name = 'pulse_usage_api_requests_total';
    const [a0, b0] = [await total(replicaA, labels, name), await total(replicaB, labels, name)];
    expect(a0).toBe(b0);
    for (let round = 1; round <= 3; round++) {
      const writer = round % 2 === 0 ? replicaA : replicaB;
      expect((await writer.post('/api/v1/usage/events', { events: [event({ region: 'two', type: 'api_requests', value: round })] }, auth(KEYS.ACME_KEY))).status).toBe(200);
      const expected = a0 + (round * (round + 1)) / 2;
      expect(await total(replicaA, labels, name)).toBe(expected);
      expect(await total(replicaB, labels, name)).toBe(expected);
    }
    expect(usageLines(await replicaA.metrics())).toEqual(usageLines(await replicaB.metrics()));
  });

  it('keeps every total across an exporter restart', async () => {
    await replicaA.post('/api/v1/usage/events', { events: [event({ value: 11 })] }, auth(KEYS.ACME_KEY));
    const before = usageLines(await replicaA.metrics());
    await replicaA.stop();
    replicaA = await start('frankfurt');
    expect(usageLines(await replicaA.metrics())).toEqual(before);
  }, 30_000);

  it("answers 403 for another project's key and counts nothing", async () => {
    const before = usageLines(await replicaA.metrics());
    const response = await replicaA.post('/api/v1/usage/events', { events: [event(), event({ project: 'globex' })] }, auth(KEYS.ACME_KEY));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ problems: [{ field: 'events[1].project', message: 'this key writes only project "acme" (got "globex")' }] });
    expect((await replicaA.post('/api/v1/usage/events', { events: [event()] }, auth('made-up'))).status).toBe(401);
    expect((await replicaA.post('/api/v1/usage/events', { events: [event()] })).status).toBe(401);
    expect(usageLines(await replicaA.metrics())).toEqual(before);
  });

  it('answers 429 with Retry-After over the rate limit, counted across replicas', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const replica = i % 2 === 0 ? replicaA : replicaB;
      const response = await replica.post('/api/v1/usage/events', { events: [event({ project: 'globex' })] }, auth(KEYS.GLOBEX_KEY));
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    // The window may roll over once during the run; within one window, 5 pass and the rest wait.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });

  it('admits at most max_projects projects matching the pattern', async () => {
    const send = (project: string) => replicaA.post('/api/v1/usage/events', { events: [event({ project })] }, auth(KEYS.TEAM_KEY));
    expect((await send('team-a')).status).toBe(200);
    expect((await send('team-b')).status).toBe(200);
    const third = await send('team-c');
    expect(third.status).toBe(403);
    expect(((await third.json()) as { error: string }).error).toContain('limit of 2 pattern projects');
    expect((await send('outsider')).status).toBe(403);
    expect((await send('team-a')).status).toBe(200);
  });

  it('rejects over 100 malformed payloads with a 4xx naming the problem, changing nothing', async () => {
    const cases = malformedCases((i) => event({ id: `malformed-${i}` }));
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const before = usageLines(await replicaA.metrics());
    const rejectedBefore = sample(await replicaA.metrics(), 'pulse_usage_events_total', { result: 'rejected' }) ?? 0;
    for (const c of cases) {
      const response = await fetch(`${replicaA.url}/api/v1/usage/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(KEYS.ACME_KEY) }, body: c.body });
      const answer = (await response.json()) as { error: string; problems?: Array<{ field: string }> };
      expect({ name: c.name, status: response.status }).toEqual({ name: c.name, status: c.status });
      if ('field' in c.names) expect({ name: c.name, fields: answer.problems?.map((p) => p.field) }).toEqual({ name: c.name, fields: expect.arrayContaining([c.names.field]) });
      else expect(answer.error).toContain(c.names.error);
    }
    const after = await replicaA.metrics();
    expect(usageLines(after)).toEqual(before);
    expect(sample(after, 'pulse_usage_events_total', { result: 'rejected' })).toBeGreaterThan(rejectedBefore + 100);
  }, 30_000);

  it('never loses or doubles an acknowledged event when Redis dies under load, and /metrics answers throughout', async () => {
    const labels = { project: 'acme', region: 'two' };
    const name = 'pulse_usage_egress_minutes_total';
    const before = await total(replicaA, labels, name);
    let acknowledged = 0;
    let unavailable = 0;
    let stopLoad = false;
    const metricsStatuses: number[] = [];
    const storeUp: number[] = [];

    const load = (async () => {
      for (let round = 0; !stopLoad && round < 400; round++) {
        const batch = { events: Array.from({ length: 10 }, () => event({ region: 'two', type: 'egress_minutes', value: 3 })) };
        // A client retries the same batch until it is acknowledged, as the 503 asks it to.
        for (let attempt = 0; attempt < 100; attempt++) {
          const response = await replicaA.post('/api/v1/usage/events', batch, auth(KEYS.ACME_KEY)).catch(() => undefined);
          if (response?.status === 200) {
            acknowledged += 30;
            break;
          }
          if (response?.status === 503) unavailable++;
          await sleep(50);
        }
      }
    })();
    const scrapes = (async () => {
      while (!stopLoad) {
        const response = await fetch(`${replicaB.url}/metrics`);
        metricsStatuses.push(response.status);
        storeUp.push(sample(await response.text(), 'pulse_store_up', { store: 'redis' }) ?? -1);
        await sleep(100);
      }
    })();

    await sleep(700);
    await redis.kill();
    // At least 1.5 s each way, and until the replicas showed it: a loaded machine answers and scrapes late.
    await sleep(1500);
    await eventually('the outage seen: a 503 and store_up 0', async () => (unavailable > 0 && storeUp.includes(0) ? true : undefined), 30_000);
    await redis.restart();
    await sleep(1500);
    await eventually('store_up 1 again', async () => (storeUp[storeUp.length - 1] === 1 ? true : undefined), 30_000);
    stopLoad = true;
    await Promise.all([load, scrapes]);

    expect(unavailable).toBeGreaterThan(0);
    expect(metricsStatuses.every((s) => s === 200)).toBe(true);
    expect(storeUp).toContain(0);
    expect(storeUp[storeUp.length - 1]).toBe(1);
    expect((await total(replicaA, labels, name)) - before).toBe(acknowledged);
    expect((await total(replicaB, labels, name)) - before).toBe(acknowledged);
  }, 120_000);
});

describe('probe results shared by vantage points', () => {
  it('lets any replica see the whole vantage × region matrix and pick the vantage nearest a client', async () => {
    const matrix = async (replica: ExporterProcess) => {
      const health = await replica.json<{ regions: Array<{ region_code: string; vantages: Array<{ vantage: string }> }> }>('/api/v1/regions/health');
      return health.regions.map((r) => [r.region_code, r.vantages.map((v) => v.vantage).sort()]);
    };
    const both = [
      ['one', ['frankfurt', 'tokyo']],
      ['two', ['frankfurt', 'tokyo']],
    ];
    expect(await eventually('both vantage points in the matrix', async () => ((JSON.stringify(await matrix(replicaA)) === JSON.stringify(both)) ? true : undefined))).toBe(true);
    expect(await matrix(replicaB)).toEqual(both);
    const fromJapan = (await (await replicaA.post('/api/v1/regions/nearest', { client_ip: '133.11.0.1' })).json()) as { client: { country: string; vantage: string } };
    expect(fromJapan.client).toMatchObject({ country: 'JP', vantage: 'tokyo' });
    const fromBritain = (await (await replicaB.post('/api/v1/regions/nearest', { client_ip: '81.2.69.142' })).json()) as { client: { country: string; vantage: string } };
    expect(fromBritain.client).toMatchObject({ country: 'GB', vantage: 'frankfurt' });
  });
});

describe('alert trigger history', () => {
  const notification = (alertname: string, status: 'firing' | 'resolved', severity: string, project?: string) => ({
    version: '4',
    receiver: 'pulse-history',
    status,
    groupLabels: { alertname },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager',
    alerts: [
      {
        status,
        labels: { alertname, severity, ...(project ? { project } : {}) },
        annotations: { summary: `${alertname} is ${status}` },
        startsAt: '2026-11-21T10:00:00Z',
        endsAt: status === 'resolved' ? '2026-11-21T10:05:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus/graph',
        fingerprint: `${alertname}-${project ?? ''}`,
      },
    ],
  });
  const admin = auth(KEYS.PULSE_ADMIN_KEY);
  const hook = (body: unknown, token = KEYS.PULSE_WEBHOOK_TOKEN) => replicaA.post('/api/v1/alerts/webhook', body, auth(token));

  it('stores every webhook notification and lists them newest first, filtered', async () => {
    expect((await hook(notification('RegionDown', 'firing', 'critical'))).status).toBe(200);
    expect((await hook(notification('UsageHigh', 'firing', 'high', 'acme'))).status).toBe(200);
    expect((await hook(notification('UsageHigh', 'resolved', 'high', 'acme'))).status).toBe(200);

    const all = await replicaB.json<{ triggers: Array<{ alertname: string; status: string; project: string | null }> }>('/api/v1/alerts/triggers', admin);
    expect(all.triggers.slice(0, 3).map((t) => [t.alertname, t.status])).toEqual([['UsageHigh', 'resolved'], ['UsageHigh', 'firing'], ['RegionDown', 'firing']]);
    const acme = await replicaB.json<{ triggers: Array<{ project: string }> }>('/api/v1/alerts/triggers?project=acme&limit=1', admin);
    expect(acme.triggers).toHaveLength(1);
    expect(acme.triggers[0].project).toBe('acme');
    const critical = await replicaB.json<{ triggers: Array<{ severity: string }> }>('/api/v1/alerts/triggers?severity=critical', admin);
    expect(critical.triggers.every((t) => t.severity === 'critical')).toBe(true);
    const metrics = await replicaB.metrics();
    expect(sample(metrics, 'pulse_alert_notifications_total', { alertname: 'UsageHigh', severity: 'high', status: 'resolved' })).toBe(1);
  });

  it('refuses a webhook without its token, a bad payload, and a bad limit', async () => {
    expect((await hook(notification('X', 'firing', 'low'), 'wrong')).status).toBe(401);
    const bad = await hook({ status: 'firing', alerts: [{ labels: {} }] });
    expect(bad.status).toBe(400);
    expect((await replicaA.get('/api/v1/alerts/triggers?limit=0', admin)).status).toBe(400);
    expect((await replicaA.get('/api/v1/alerts/triggers?limit=101', admin)).status).toBe(400);
  });
});
