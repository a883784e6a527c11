/**
 * Faults found by the hardening pass (issue 15), end to end: a real exporter on a real Redis,
 * fed hostile bodies, rejected batches, and a Redis that hangs (SIGSTOP) or is gone.
 */
import Redis from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { MAX_JSON_DEPTH } from '../../common/http/json-depth';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { eventually, sample, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';

const KEYS = { ACME_KEY: 'acme-secret', TEAM_KEY: 'team-secret', PULSE_WEBHOOK_TOKEN: 'hook-secret', PULSE_ADMIN_KEY: 'admin-secret' };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
/** Far above the one second the exporter needs, so a loaded machine does not fail the test; far below the minutes a stalled one takes. */
const ANSWER_WITHIN_MS = 10_000;

let redis: RedisServerHandle;
let redisClient: Redis;
let simulator: Simulator;
let exporter: ExporterProcess;
let sequence = 0;

function event(overrides: Record<string, unknown> = {}) {
  sequence++;
  return { id: `fault-${process.pid}-${sequence}`, project: 'acme', region: 'one', type: 'participant_minutes', value: 1, timestamp: new Date().toISOString(), ...overrides };
}

const rejectedEvents = async () => sample(await exporter.metrics(), 'pulse_usage_events_total', { result: 'rejected' }) ?? 0;

beforeAll(async () => {
  redis = await startRedisServer();
  redisClient = new Redis(redis.url, { maxRetriesPerRequest: 0 });
  simulator = await createSimulator({ regions: [{ code: 'one', latencyMs: 2 }] });
  const config = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '1s',
    timeout: '500ms',
    extra: {
      projects: [{ id: 'acme', key_env: 'ACME_KEY' }],
      project_pattern: { regex: 'team-[a-z0-9]+', max_projects: 2, key_env: 'TEAM_KEY' },
    },
  });
  exporter = await startExporter(config, { env: { ...KEYS, REDIS_URL: redis.url } });
}, 120_000);

afterAll(async () => {
  redis?.resume();
  await exporter?.stop();
  redisClient?.disconnect();
  await simulator?.close();
  await redis?.dispose();
});

describe('JSON nested too deep', () => {
  const deep = (levels: number) => `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}`;

  it('answers 400 naming the limit on every JSON route, and counts a usage batch as rejected', async () => {
    const routes: Array<[string, Record<string, string>]> = [
      ['/api/v1/regions/nearest', {}],
      ['/api/v1/regions/one/load', auth(KEYS.PULSE_ADMIN_KEY)],
      ['/api/v1/alerts/webhook', auth(KEYS.PULSE_WEBHOOK_TOKEN)],
      ['/api/v1/usage/events', auth(KEYS.ACME_KEY)],
    ];
    const rejectedBefore = await rejectedEvents();
    for (const [path, headers] of routes) {
      const response = await exporter.post(path, deep(4_000), headers);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(((await response.json()) as { error: string }).error).toContain(`at most ${MAX_JSON_DEPTH} levels`);
    }
    expect(await rejectedEvents()).toBe(rejectedBefore + 1);
  });

  it('passes a body nested exactly to the limit on to validation', async () => {
    const response = await exporter.post('/api/v1/regions/nearest', deep(MAX_JSON_DEPTH - 1));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problems: [{ field: 'a', message: 'unknown field' }] });
  });
});

describe('a rejected usage batch', () => {
  it('keeps no project_pattern slot and no rate-limit key', async () => {
    const send = (projects: string[]) => exporter.post('/api/v1/usage/events', { events: projects.map((project) => event({ project })) }, auth(KEYS.TEAM_KEY));
    const refused = await send(['team-x', 'team-y', 'team-z']);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain('limit of 2 pattern projects');
    expect(await redisClient.keys('pulse:ratelimit:*')).toEqual([]);
    expect(await redisClient.smembers('pulse:usage:projects')).toEqual([]);

    // Both slots are still free.
    expect((await send(['team-a'])).status).toBe(200);
    expect((await send(['team-b'])).status).toBe(200);
    expect((await send(['team-c'])).status).toBe(403);
    expect((await redisClient.smembers('pulse:usage:projects')).sort()).toEqual(['team-a', 'team-b']);
  });
});

describe('while Redis hangs (SIGSTOP)', () => {
  beforeAll(() => redis.pause());
  afterAll(() => redis.resume());

  const timed = (path: string, init: RequestInit = {}) => fetch(exporter.url + path, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });

  it('answers /metrics (store down), the regions API and nearest from the last snapshot, however many callers wait', async () => {
    const callers = Array.from({ length: 30 }, () => timed('/api/v1/regions'));
    const nearest = Array.from({ length: 5 }, () => timed('/api/v1/regions/nearest', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    const metrics = await timed('/metrics');
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(sample(text, 'pulse_store_up')).toBe(0);
    for (const response of await Promise.all([...callers, ...nearest])) expect(response.status).toBe(200);
    expect(((await (await timed('/api/v1/regions')).json()) as { regions: Array<{ code: string }> }).regions.map((r) => r.code)).toEqual(['one']);
    // The on-demand check reads its region's load with the same deadline, then answers the last one known.
    const health = await timed('/api/v1/regions/one/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ region_code: 'one', load_percentage: expect.any(Number) });
  }, 60_000);

  it('answers 503 with Retry-After to the load API, the trigger history and a usage batch', async () => {
    const load = await timed('/api/v1/regions/one/load', { method: 'POST', headers: { 'content-type': 'application/json', ...auth(KEYS.PULSE_ADMIN_KEY) }, body: '{"load":5}' });
    expect(load.status).toBe(503);
    expect(load.headers.get('retry-after')).toBeTruthy();
    const triggers = await timed('/api/v1/alerts/triggers', { headers: auth(KEYS.PULSE_ADMIN_KEY) });
    expect(triggers.status).toBe(503);
    expect(triggers.headers.get('retry-after')).toBeTruthy();
    const usage = await timed('/api/v1/usage/events', { method: 'POST', headers: { 'content-type': 'application/json', ...auth(KEYS.ACME_KEY) }, body: JSON.stringify({ events: [event()] }) });
    expect(usage.status).toBe(503);
    expect(((await usage.json()) as { error: string }).error).toContain('retry with the same ids');
  }, 60_000);
});

describe('once Redis answers again', () => {
  it('reports the store up', async () => {
    await eventually('store up', async () => (sample(await exporter.metrics(), 'pulse_store_up') === 1 ? true : undefined), 20_000);
  }, 30_000);
});
