/**
 * Custom metric definitions end to end: a real exporter (Redis store) writing its project rule
 * files, a real Prometheus loading them and scraping the exporter's usage. Every rule file written
 * is checked with `promtool check rules`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPrometheus, type PrometheusHandle } from '../../common/testing/prometheus-server';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { INVALID_CUSTOM_METRIC_BODIES, validCustomMetricBody } from './custom-metrics/testing/metric-bodies';
import { validAlertBody } from './project-alerts/testing/alert-bodies';
import { createPrometheusApi } from './project-rules/prometheus-api';
import { eventually, startExporter, STARTS_EXPORTER_TIMEOUT_MS, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';
import { runTool } from './testing/promtool';

const KEYS = { ACME_KEY: 'acme-secret' };
const SERIES = 'project:storage_one:sum';

let redis: RedisServerHandle;
let prometheus: PrometheusHandle;
let simulator: Simulator;
let dir: string;
let config: string;
let exporter: ExporterProcess;
let targets: string;

const start = () => startExporter(config, { env: { ...KEYS, REDIS_URL: redis.url } });
/** Points Prometheus at the running exporter (a restarted one listens on a new port). */
const scrapeExporter = () => writeFileSync(targets, JSON.stringify([{ targets: [new URL(exporter.url).host] }]));

function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${exporter.url}/api/v1/analytics${path}`, {
    method,
    headers: { authorization: `Bearer ${KEYS.ACME_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const filePath = () => join(dir, 'project-acme.rules.yml');
const fileText = (): string | undefined => {
  try {
    return readFileSync(filePath(), 'utf8');
  } catch {
    return undefined;
  }
};

function expectPromtoolAccepts(): void {
  const checked = runTool('promtool', ['check', 'rules', filePath()]);
  expect({ status: checked.status, out: checked.stdout + checked.stderr }).toMatchObject({ status: 0, out: expect.stringContaining('SUCCESS') });
}

const recorded = async () => (await createPrometheusApi(prometheus.url).query(SERIES)).map((s) => s.value);
const loadedRecords = async () => (await createPrometheusApi(prometheus.url).ruleGroups()).flatMap((g) => g.rules.map((r) => r.name));
const listed = async () => ((await (await call('GET', '/metrics/custom/acme')).json()) as { metrics: Array<Record<string, unknown>> }).metrics;

beforeAll(async () => {
  [redis, simulator] = await Promise.all([startRedisServer({ appendOnly: false }), createSimulator({ regions: [{ code: 'one', latencyMs: 2 }] })]);
  dir = tempDir();
  targets = join(tempDir(), 'targets.json');
  writeFileSync(targets, '[]');
  prometheus = await startPrometheus({
    configYaml: [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${dir}/project-*.rules.yml']`,
      `scrape_configs: [{ job_name: pulse-exporter, file_sd_configs: [{ files: ['${targets}'], refresh_interval: 1s }] }]`,
      '',
    ].join('\n'),
    args: ['--web.enable-lifecycle'],
  });
  config = writeSimulatorConfig(dir, simulator.regions(), {
    interval: '1s',
    timeout: '500ms',
    extra: { projects: [{ id: 'acme', key_env: 'ACME_KEY' }], project_alerts: { rules_dir: dir, prometheus_url: prometheus.url, sync_interval: '1s' } },
  });
  exporter = await start();
  scrapeExporter();
  const event = { id: `storage-${process.pid}`, project: 'acme', region: 'one', type: 'storage_bytes', value: 5000, timestamp: new Date().toISOString() };
  expect((await exporter.post('/api/v1/usage/events', { events: [event] }, { authorization: `Bearer ${KEYS.ACME_KEY}` })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await exporter?.stop();
  await Promise.all([simulator?.close(), prometheus?.stop(), redis?.dispose()]);
});

const storageMetric = validCustomMetricBody({ name: 'storage_one', metric_type: 'gauge', unit: 'bytes', query: { metric: 'storage_bytes', match: { region: 'one' } } });

describe('custom metric definitions through the analytics API', () => {
  let id: string;

  it('creates a definition whose recording rule has data in Prometheus', async () => {
    const response = await call('POST', '/metrics/custom', storageMetric);
    expect(response.status).toBe(201);
    const created = (await response.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ project_id: 'acme', name: 'storage_one', series: SERIES, is_active: true, rules: { loaded: true } });
    id = created.id as string;
    expect(fileText()).toContain(`record: ${SERIES}`);
    expectPromtoolAccepts();
    expect(await eventually('the recorded series', async () => ((await recorded())[0] === 5000 ? true : undefined), 20_000)).toBe(true);
    expect((await listed()).map((m) => m.id)).toEqual([id]);
  });

  it('refuses every bad body with a 400 naming the field, writing nothing', async () => {
    const before = { file: fileText(), metrics: await listed() };
    const objects = INVALID_CUSTOM_METRIC_BODIES.filter((c) => typeof c.body === 'object' && !Array.isArray(c.body) && c.field !== 'project_id');
    expect(objects.length).toBeGreaterThanOrEqual(40);
    for (const invalid of objects) {
      const response = await call('POST', '/metrics/custom', invalid.body);
      const answer = (await response.json()) as { problems?: Array<{ field: string }> };
      expect({ name: invalid.name, status: response.status, fields: answer.problems?.map((p) => p.field) }).toMatchObject({ status: 400, fields: expect.arrayContaining([invalid.field]) });
    }
    for (const invalid of objects.slice(0, 10)) expect((await call('PUT', `/metrics/custom/acme/${id}`, invalid.body)).status).toBe(400);
    expect((await call('POST', '/metrics/custom', storageMetric)).status).toBe(409); // the name is taken
    expect((await call('PUT', '/metrics/custom/acme/0123456789abcdef01234567', storageMetric)).status).toBe(404);
    expect({ file: fileText(), metrics: await listed() }).toEqual(before);
  });

  it('keeps the definition across a restart', async () => {
    const before = fileText();
    await exporter.stop();
    writeFileSync(filePath(), 'groups: []\n');
    exporter = await start();
    scrapeExporter();
    expect(fileText()).toBe(before);
    expect((await listed()).map((m) => m.id)).toEqual([id]);
  }, STARTS_EXPORTER_TIMEOUT_MS);

  it('renders no rule while inactive, and the rule again once active', async () => {
    expect((await call('PUT', `/metrics/custom/acme/${id}`, { ...storageMetric, is_active: false })).status).toBe(200);
    expect(fileText()).toBeUndefined();
    expect(await loadedRecords()).not.toContain(SERIES);
    expect((await call('PUT', `/metrics/custom/acme/${id}`, storageMetric)).status).toBe(200);
    expect(await loadedRecords()).toContain(SERIES);
  });

  it('shares the project file with the project alerts, through the one writer', async () => {
    const alert = await call('POST', '/alerts', validAlertBody());
    expect(alert.status).toBe(201);
    expect(fileText()).toEqual(expect.stringContaining(`record: ${SERIES}`));
    expect(fileText()).toEqual(expect.stringContaining('alert: ProjectAlert'));
    expectPromtoolAccepts();
    const { id: alertId } = (await alert.json()) as { id: string };
    expect((await call('DELETE', `/alerts/acme/${alertId}`)).status).toBe(200);
  });

  it('takes an alert over the definition: loaded by Prometheus, evaluated by check; the definition cannot be deleted or deactivated under it (409 naming the alert)', async () => {
    expect((await call('POST', '/alerts', validAlertBody({ metric_name: 'nowhere_minutes' }))).status).toBe(400);
    const created = await call('POST', '/alerts', validAlertBody({ alert_name: 'Storage in one', metric_name: 'storage_one', condition: 'gt', threshold: 1000, duration: 1 }));
    expect(created.status).toBe(201);
    const alert = (await created.json()) as { id: string; compared_value: string; rules: { loaded: boolean } };
    expect(alert).toMatchObject({ compared_value: expect.stringContaining(SERIES), rules: { loaded: true } });
    expectPromtoolAccepts();
    // Prometheus answers each rule's expression as `query`.
    const loadedAlert = (await createPrometheusApi(prometheus.url).ruleGroups()).flatMap((g) => g.rules).find((r) => r.name === 'ProjectAlert') as { query?: string } | undefined;
    expect(loadedAlert?.query).toContain(`${SERIES}{project="acme"}`);
    const checked = async () => ((await (await call('POST', '/alerts/acme/check')).json()) as { alerts: Array<Record<string, unknown>> }).alerts;
    const [reported] = await eventually('check reports a value', async () => (((await checked())[0]?.value ?? null) !== null ? checked() : undefined), 20_000);
    expect(reported).toMatchObject({ id: alert.id, metric_name: 'storage_one', value: 5000, condition_met: true });
    const before = fileText();
    for (const refused of [call('DELETE', `/metrics/custom/acme/${id}`), call('PUT', `/metrics/custom/acme/${id}`, { ...storageMetric, is_active: false }), call('PUT', `/metrics/custom/acme/${id}`, { ...storageMetric, name: 'renamed' })]) {
      const response = await refused;
      expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 409, body: { error: expect.stringContaining('"Storage in one"'), alerts: [{ id: alert.id }] } });
    }
    expect(fileText()).toBe(before);
    expect((await call('DELETE', `/alerts/acme/${alert.id}`)).status).toBe(200);
  });

  it('deletes the definition, and its rule leaves Prometheus', async () => {
    expect((await call('DELETE', `/metrics/custom/acme/${id}`)).status).toBe(200);
    expect(fileText()).toBeUndefined();
    expect(await loadedRecords()).not.toContain(SERIES);
    expect(await listed()).toEqual([]);
    expect((await call('DELETE', `/metrics/custom/acme/${id}`)).status).toBe(404);
  });
});
