/**
 * Recorded metrics end to end: real exporter processes sharing a real redis-server, recording
 * through POST /api/v1/analytics/metrics and exposing on /metrics.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { BAD_BODIES } from './recorded/testing-bad-bodies';
import { minimalConfig } from './testing/exporter-app';
import { startExporter, tempDir, type ExporterProcess } from './testing/exporter-process';
import { runTool } from './testing/promtool';

const KEYS = { ACME_KEY: 'acme-secret', SMALL_KEY: 'small-secret' };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const PATH = '/api/v1/analytics/metrics';

let redis: RedisServerHandle;
let replicaA: ExporterProcess;
let replicaB: ExporterProcess;

const customLines = (text: string) => text.split('\n').filter((line) => line.startsWith('pulse_custom_') || line.startsWith('# TYPE pulse_custom_')).sort();

/** Runs `count` calls of `task`, at most `parallel` at a time. */
async function concurrently<T>(count: number, parallel: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  }));
  return results;
}

beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: false });
  const configFile = join(tempDir(), 'pulse.yml');
  writeFileSync(configFile, stringify(minimalConfig({
    projects: [
      { id: 'acme', key_env: 'ACME_KEY', rate_limit_per_minute: 1_000_000 },
      { id: 'small', key_env: 'SMALL_KEY', rate_limit_per_minute: 1_000_000, recorded_metrics: { max_names: 3, max_series: 20 } },
    ],
  })));
  const start = () => startExporter(configFile, { env: { ...KEYS, REDIS_URL: redis.url }, args: ['--web.max-failed-requests-per-minute=10000'] });
  [replicaA, replicaB] = await Promise.all([start(), start()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await redis?.stop();
});

describe('POST /api/v1/analytics/metrics on two replicas sharing Redis', () => {
  it('records one value and a bulk, and both replicas expose the same lines', async () => {
    const single = await replicaA.post(PATH, { project_id: 'acme', name: 'cpu_usage', type: 'gauge', category: 'system', value: 75.5, labels: { server: 'web-01' } }, auth(KEYS.ACME_KEY));
    expect(single.status).toBe(200);
    expect(await single.json()).toEqual({ accepted: 1, duplicates: 0, duplicate_ids: [], exposed: ['pulse_custom_cpu_usage'] });
    const bulk = await replicaB.post(PATH, {
      project_id: 'acme',
      metrics: [
        { name: 'revenue', type: 'counter', category: 'business', value: 1250.75, labels: { currency: 'USD' } },
        { name: 'checkout_seconds', type: 'summary', category: 'performance', value: 0.42 },
      ],
    }, auth(KEYS.ACME_KEY));
    expect(bulk.status).toBe(200);
    const answer = (await bulk.json()) as { accepted: number; note: string };
    expect(answer.accepted).toBe(2);
    expect(answer.note).toMatch(/1 summary value\(s\) stored as histogram observations/);
    const [a, b] = await Promise.all([replicaA.metrics(), replicaB.metrics()]);
    expect(customLines(a)).toContain('pulse_custom_cpu_usage{project="acme",category="system",server="web-01"} 75.5');
    expect(customLines(a)).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 1250.75');
    expect(customLines(a)).toContain('pulse_custom_checkout_seconds_observations_bucket{project="acme",category="performance",le="0.5"} 1');
    expect(customLines(a)).toContain('# TYPE pulse_custom_checkout_seconds_observations histogram');
    expect(customLines(b)).toEqual(customLines(a));
  });

  it('adds up a counter recorded 1,000 times concurrently through both replicas exactly', async () => {
    const statuses = await concurrently(1000, 50, (i) =>
      (i % 2 === 0 ? replicaA : replicaB).post(PATH, { project_id: 'acme', name: 'signups', type: 'counter', category: 'user', value: 1 }, auth(KEYS.ACME_KEY)).then((r) => r.status),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const replica of [replicaA, replicaB]) expect(customLines(await replica.metrics())).toContain('pulse_custom_signups_total{project="acme",category="user"} 1000');
  });

  it('applies a retried value with the same id once', async () => {
    const body = { project_id: 'acme', id: 'order-1', name: 'orders', type: 'counter', category: 'business', value: 3 };
    expect((await replicaA.post(PATH, body, auth(KEYS.ACME_KEY))).status).toBe(200);
    const again = await replicaB.post(PATH, body, auth(KEYS.ACME_KEY));
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1, duplicate_ids: ['order-1'] });
    expect(customLines(await replicaA.metrics())).toContain('pulse_custom_orders_total{project="acme",category="business"} 3');
  });

  it('holds the series limit under concurrent batches, answering 422 naming it', async () => {
    const answers = await concurrently(10, 10, (b) =>
      (b % 2 === 0 ? replicaA : replicaB).post(PATH, { project_id: 'small', metrics: [0, 1, 2].map((i) => ({ name: 'jobs', type: 'counter', category: 'system', value: 1, labels: { queue: `q${b}-${i}` } })) }, auth(KEYS.SMALL_KEY)),
    );
    const refused = answers.filter((r) => r.status === 422);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(6); // 18 series; a 7th batch would make 21 > 20
    expect(refused).toHaveLength(4);
    expect(((await refused[0].json()) as { error: string; limit: string }).limit).toBe('max_series');
    expect(customLines(await replicaA.metrics()).filter((l) => l.startsWith('pulse_custom_jobs_total{project="small"'))).toHaveLength(18);
  });

  it('refuses the name past the project limit with 422 naming max_names, and a type change with 400 naming the name', async () => {
    const record = (name: string, type = 'gauge') => replicaA.post(PATH, { project_id: 'small', name, type, category: 'system', value: 1 }, auth(KEYS.SMALL_KEY));
    expect((await record('a1')).status).toBe(200);
    expect((await record('a2')).status).toBe(200); // with "jobs": 3 names, the limit
    const over = await record('a3');
    expect(over.status).toBe(422);
    expect(await over.json()).toMatchObject({ limit: 'max_names', max: 3 });
    const changed = await record('a1', 'counter');
    expect(changed.status).toBe(400);
    expect(((await changed.json()) as { error: string }).error).toMatch(/name: the name is already a gauge in category system/);
  });

  it('takes a bulk of 1,000 metrics, and one metric at every field bound: a 100-character name, 10 labels, 64-character label names, 256-character values', async () => {
    const bulk = await replicaA.post(PATH, { project_id: 'acme', metrics: Array.from({ length: 1000 }, () => ({ name: 'bulk_items', type: 'counter', category: 'system', value: 1, labels: { shard: 'a' } })) }, auth(KEYS.ACME_KEY));
    expect(bulk.status).toBe(200);
    expect(((await bulk.json()) as { accepted: number }).accepted).toBe(1000);
    const labels = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${'l'.repeat(62)}${String(i).padStart(2, '0')}`, 'v'.repeat(256)]));
    const name = `n${'x'.repeat(99)}`;
    expect((await replicaA.post(PATH, { project_id: 'acme', name, type: 'counter', category: 'system', value: 1, labels }, auth(KEYS.ACME_KEY))).status).toBe(200);
    const text = await replicaB.metrics();
    expect(text).toContain('pulse_custom_bulk_items_total{project="acme",category="system",shard="a"} 1000\n');
    expect(text).toMatch(new RegExp(`pulse_custom_${name}_total\\{[^}]+\\} 1\\n`));
  });

  it('answers 413 to a body over 1 MB, recording nothing', async () => {
    const metrics = Array.from({ length: 1000 }, () => ({ name: 'too_big', type: 'gauge', category: 'system', value: 1, labels: { note: 'x'.repeat(1100) } }));
    const answer = await replicaA.post(PATH, { project_id: 'acme', metrics }, auth(KEYS.ACME_KEY));
    expect(answer.status).toBe(413);
    expect(await replicaA.metrics()).not.toContain('pulse_custom_too_big');
  });

  it('answers 403 to another project\'s key, and nothing is recorded', async () => {
    const answer = await replicaA.post(PATH, { project_id: 'acme', name: 'stolen', type: 'gauge', category: 'security', value: 1 }, auth(KEYS.SMALL_KEY));
    expect(answer.status).toBe(403);
    expect(await replicaA.metrics()).not.toContain('pulse_custom_stolen');
  });

  it.each(BAD_BODIES.map((c) => [c.name, c] as const))('names the problem of a bad body: %s', async (_name, bad) => {
    const answer = await replicaA.post(PATH, bad.body, auth(KEYS.ACME_KEY));
    expect(answer.status).toBe(bad.status);
    const body = (await answer.json()) as { error: string; problems: { field: string }[] };
    expect(body.problems.map((p) => p.field)).toContainEqual(expect.stringMatching(new RegExp(`^${bad.names.replace(/[[\]]/g, '\\$&')}`)));
    expect(body.error).toContain(bad.names);
  });

  it('records nothing from any bad body', async () => {
    expect(BAD_BODIES.length).toBeGreaterThanOrEqual(40);
    const text = await replicaA.metrics();
    for (const name of ['x_bucket', 'usage_storage_bytes', 'anything', 'a_b', 'abc']) expect(text).not.toContain(`pulse_custom_${name}`);
  });

  it('keeps promtool check metrics clean of recorded families', async () => {
    const text = await replicaA.metrics();
    expect(text).toContain('pulse_custom_');
    const lint = runTool('promtool', ['check', 'metrics'], text);
    const findings = (lint.stdout + lint.stderr).split('\n').filter(Boolean);
    expect(findings.filter((f) => f.includes('pulse_custom_') || /error|parse/i.test(f))).toEqual([]);
  });
});
