/**
 * Project alerts end to end: two real exporter replicas sharing a real Redis, each writing its rule
 * files; a real Prometheus (--web.enable-lifecycle) loading replica A's directory. Every rule file
 * written is checked with `promtool check rules`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPrometheus, type PrometheusHandle } from '../../common/testing/prometheus-server';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { INVALID_ALERT_BODIES, validAlertBody } from './project-alerts/testing/alert-bodies';
import { createPrometheusApi } from './project-rules/prometheus-api';
import { signature } from './project-channels/senders';
import { startSmtpServer, type SmtpServerHandle } from './project-channels/testing/smtp-server';
import { startWebhookReceiver, type WebhookReceiver } from './project-channels/testing/webhook-receiver';
import { eventually, sample, startExporter, STARTS_EXPORTER_TIMEOUT_MS, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';
import { runTool } from './testing/promtool';

const KEYS = { ACME_KEY: 'acme-secret', GLOBEX_KEY: 'globex-secret', PULSE_WEBHOOK_TOKEN: 'hook-secret' };
const WEBHOOK_AUTH = { authorization: `Bearer ${KEYS.PULSE_WEBHOOK_TOKEN}` };
const MAX_PER_PROJECT = 3;

let redis: RedisServerHandle;
let prometheus: PrometheusHandle;
let simulator: Simulator;
let dirA: string;
let dirB: string;
let configA: string;
let configB: string;
let replicaA: ExporterProcess;
let replicaB: ExporterProcess;
let hook: WebhookReceiver;
let slack: WebhookReceiver;
let smtp: SmtpServerHandle;

const start = (config: string) => startExporter(config, { env: { ...KEYS, REDIS_URL: redis.url } });

function call(exporter: ExporterProcess, method: string, path: string, body?: unknown, key = KEYS.ACME_KEY): Promise<Response> {
  return fetch(`${exporter.url}/api/v1/analytics${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const filePath = (dir: string, project = 'acme') => join(dir, `project-${project}.rules.yml`);
const fileText = (dir: string, project = 'acme'): string | undefined => {
  try {
    return readFileSync(filePath(dir, project), 'utf8');
  } catch {
    return undefined;
  }
};

/** Every file the API wrote passes promtool. */
function expectPromtoolAccepts(path: string): void {
  const checked = runTool('promtool', ['check', 'rules', path]);
  expect({ status: checked.status, out: checked.stdout + checked.stderr }).toMatchObject({ status: 0, out: expect.stringContaining('SUCCESS') });
}

async function loadedAlertIds(): Promise<string[]> {
  const groups = await createPrometheusApi(prometheus.url).ruleGroups();
  return groups.filter((g) => g.name === 'project-alerts:acme').flatMap((g) => g.rules.map((r) => r.labels?.alert_id ?? ''));
}

async function listed(exporter = replicaA): Promise<Array<Record<string, unknown>>> {
  return ((await (await call(exporter, 'GET', '/alerts/acme')).json()) as { alerts: Array<Record<string, unknown>> }).alerts;
}

beforeAll(async () => {
  [redis, simulator, hook, slack, smtp] = await Promise.all([
    startRedisServer({ appendOnly: false }),
    createSimulator({ regions: [{ code: 'one', latencyMs: 2 }] }),
    startWebhookReceiver('/hook'),
    startWebhookReceiver('/slack'),
    startSmtpServer(),
  ]);
  dirA = tempDir();
  dirB = tempDir();
  // The exporters' ports are known only once they run: Prometheus finds them in a file_sd file.
  const targets = join(tempDir(), 'targets.json');
  writeFileSync(targets, '[]');
  prometheus = await startPrometheus({
    configYaml: [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${dirA}/project-*.rules.yml']`,
      `scrape_configs: [{ job_name: pulse-exporter, file_sd_configs: [{ files: ['${targets}'], refresh_interval: 1s }] }]`,
      '',
    ].join('\n'),
    args: ['--web.enable-lifecycle'],
  });
  const config = (dir: string) =>
    writeSimulatorConfig(dir, simulator.regions(), {
      interval: '1s',
      timeout: '500ms',
      extra: {
        projects: [
          { id: 'acme', key_env: 'ACME_KEY' },
          { id: 'globex', key_env: 'GLOBEX_KEY' },
        ],
        project_alerts: {
          rules_dir: dir,
          prometheus_url: prometheus.url,
          max_per_project: MAX_PER_PROJECT,
          sync_interval: '1s',
          allow_destinations: ['127.0.0.1'],
          delivery: { initial_backoff: '100ms', max_backoff: '1s', give_up_after: '1h' },
          smtp: { host: '127.0.0.1', port: smtp.port, from: 'pulse@example.com' },
        },
      },
    });
  configA = config(dirA);
  configB = config(dirB);
  [replicaA, replicaB] = await Promise.all([start(configA), start(configB)]);
  writeFileSync(targets, JSON.stringify([{ targets: [replicaA.url, replicaB.url].map((u) => new URL(u).host) }]));
}, 120_000);

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await Promise.all([simulator?.close(), prometheus?.stop(), redis?.dispose(), hook?.close(), slack?.close(), smtp?.stop()]);
});

describe('project alert definitions through the analytics API', () => {
  let firstId: string;

  it('creates an alert, writes the project rule file and has Prometheus load it', async () => {
    const response = await call(replicaA, 'POST', '/alerts', validAlertBody());
    expect(response.status).toBe(201);
    const created = (await response.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      project_id: 'acme',
      metric_name: 'participant_minutes',
      threshold: 100,
      is_active: true,
      last_triggered: null,
      trigger_count: 0,
      compared_value: 'the increase of pulse_usage_participant_minutes_total over the last 5m, summed over regions',
      rules: { loaded: true },
    });
    firstId = created.id as string;
    expect(firstId).toMatch(/^[0-9a-f]{24}$/);
    expectPromtoolAccepts(filePath(dirA));
    expect(await loadedAlertIds()).toEqual([firstId]);
  });

  it('lists it on every replica, and the other replica writes the same file', async () => {
    expect(await listed(replicaB)).toMatchObject([{ id: firstId, is_active: true, last_triggered: null, trigger_count: 0 }]);
    const text = await eventually('replica B to write the same rule file', async () => (fileText(dirB) === fileText(dirA) ? fileText(dirB) : undefined));
    expect(text).toContain(`alert_id: ${firstId}`);
  });

  it('refuses every invalid body, naming the field, and writes nothing', async () => {
    const before = { file: fileText(dirA), alerts: await listed() };
    for (const invalid of INVALID_ALERT_BODIES) {
      const response = await call(replicaA, 'POST', '/alerts', invalid.body);
      const answer = (await response.json()) as { problems?: Array<{ field: string }> };
      expect({ name: invalid.name, status: response.status, fields: answer.problems?.map((p) => p.field) }).toEqual({ name: invalid.name, status: 400, fields: expect.arrayContaining([invalid.field]) });
    }
    const notJson = await call(replicaA, 'POST', '/alerts', '{"project_id": "acme",');
    expect(notJson.status).toBe(400);
    expect({ file: fileText(dirA), alerts: await listed() }).toEqual(before);
  });

  it('keeps projects apart: another project\'s key is refused and sees none of them', async () => {
    expect((await call(replicaA, 'POST', '/alerts', validAlertBody(), KEYS.GLOBEX_KEY)).status).toBe(403);
    expect((await call(replicaA, 'GET', '/alerts/acme', undefined, KEYS.GLOBEX_KEY)).status).toBe(403);
    expect((await call(replicaA, 'DELETE', `/alerts/acme/${firstId}`, undefined, KEYS.GLOBEX_KEY)).status).toBe(403);
    expect(((await (await call(replicaA, 'GET', '/alerts/globex', undefined, KEYS.GLOBEX_KEY)).json()) as { alerts: unknown[] }).alerts).toEqual([]);
  });

  it(`holds at most ${MAX_PER_PROJECT} alerts per project and writes nothing past it`, async () => {
    for (let i = 1; i < MAX_PER_PROJECT; i++) expect((await call(replicaA, 'POST', '/alerts', validAlertBody({ metric_name: 'storage_bytes', threshold: 1e9 * i }))).status).toBe(201);
    const before = { file: fileText(dirA), alerts: await listed() };
    const refused = await call(replicaA, 'POST', '/alerts', validAlertBody());
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toContain(`already has ${MAX_PER_PROJECT} alerts`);
    expect({ file: fileText(dirA), alerts: await listed() }).toEqual(before);
    expect(await loadedAlertIds()).toHaveLength(MAX_PER_PROJECT);
    expectPromtoolAccepts(filePath(dirA));
  });

  it('changes an alert with PUT, and Prometheus evaluates the new rule', async () => {
    const body = validAlertBody({ threshold: 250, severity: 'critical' });
    delete body.project_id;
    const response = await call(replicaA, 'PUT', `/alerts/acme/${firstId}`, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: firstId, threshold: 250, severity: 'critical', rules: { loaded: true } });
    const groups = await createPrometheusApi(prometheus.url).ruleGroups();
    const rule = groups.flatMap((g) => g.rules).find((r) => r.labels?.alert_id === firstId) as { query?: string; labels?: Record<string, string> };
    expect(rule.query).toContain('> 250');
    expect(rule.labels?.severity).toBe('critical');
    expectPromtoolAccepts(filePath(dirA));
  });

  it('refuses a PUT of an unknown alert (404) or with a bad body (400), changing nothing', async () => {
    const before = fileText(dirA);
    expect((await call(replicaA, 'PUT', '/alerts/acme/0123456789abcdef01234567', validAlertBody())).status).toBe(404);
    expect((await call(replicaA, 'PUT', '/alerts/acme/not-an-id', validAlertBody())).status).toBe(404);
    expect((await call(replicaA, 'PUT', `/alerts/acme/${firstId}`, validAlertBody({ duration: 0 }))).status).toBe(400);
    expect(fileText(dirA)).toBe(before);
  });

  it('rebuilds the rule file from the store after a restart', async () => {
    const before = fileText(dirA);
    await replicaA.stop();
    rmSync(filePath(dirA));
    writeFileSync(filePath(dirA, 'ghost'), 'groups: []\n'); // a project the store no longer has
    replicaA = await start(configA);
    expect(fileText(dirA)).toBe(before);
    expect(fileText(dirA, 'ghost')).toBeUndefined();
  }, STARTS_EXPORTER_TIMEOUT_MS);

  it('deletes an alert, and its rule leaves Prometheus', async () => {
    const response = await call(replicaA, 'DELETE', `/alerts/acme/${firstId}`);
    expect(response.status).toBe(200);
    expect(await loadedAlertIds()).not.toContain(firstId);
    expect((await listed()).map((a) => a.id)).not.toContain(firstId);
    expect((await call(replicaA, 'DELETE', `/alerts/acme/${firstId}`)).status).toBe(404);
    expectPromtoolAccepts(filePath(dirA));
  });
});

describe('checking and counting project alerts', () => {
  it('evaluates every alert of the project now, changing nothing', async () => {
    const created = await call(replicaA, 'POST', '/alerts', validAlertBody({ metric_name: 'storage_bytes', condition: 'gte', threshold: 1000, duration: 1 }));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const event = { id: `storage-${process.pid}`, project: 'acme', region: 'one', type: 'storage_bytes', value: 5000, timestamp: new Date().toISOString() };
    expect((await replicaA.post('/api/v1/usage/events', { events: [event] }, { authorization: `Bearer ${KEYS.ACME_KEY}` })).status).toBe(200);
    const before = { file: fileText(dirA), alerts: await listed() };
    type Checked = { alerts: Array<{ id: string; value: number | null; state: string; condition_met: boolean; threshold: number }> };
    const checked = await eventually(
      'the storage alert to be pending or firing',
      async () => {
        const answer = (await (await call(replicaA, 'POST', '/alerts/acme/check')).json()) as Checked;
        return answer.alerts.find((a) => a.id === id && a.state !== 'inactive') ? answer : undefined;
      },
      20_000,
    );
    expect(checked.alerts.find((a) => a.id === id)).toMatchObject({ value: 5000, threshold: 1000, condition_met: true, state: expect.stringMatching(/^(pending|firing)$/) });
    // The other alerts compare the same level with thresholds of 1e9 and more.
    for (const other of checked.alerts.filter((a) => a.id !== id)) expect(other).toMatchObject({ value: 5000, condition_met: false, state: 'inactive' });
    expect({ file: fileText(dirA), alerts: await listed() }).toEqual(before);
  }, 30_000);

  it('counts each firing that reaches the webhook once, by its start time', async () => {
    const [alert] = await listed();
    const payload = (startsAt: string) => ({
      version: '4',
      status: 'firing',
      receiver: 'pulse-history',
      alerts: [{ status: 'firing', labels: { alertname: 'ProjectAlert', project: 'acme', alert_id: alert.id, severity: 'high' }, annotations: {}, startsAt }],
    });
    for (const startsAt of ['2026-12-07T01:00:00Z', '2026-12-07T01:00:00Z', '2026-12-07T02:00:00Z']) {
      expect((await replicaB.post('/api/v1/alerts/webhook', payload(startsAt), WEBHOOK_AUTH)).status).toBe(200);
    }
    expect((await listed()).find((a) => a.id === alert.id)).toMatchObject({ trigger_count: 2, last_triggered: '2026-12-07T02:00:00.000Z' });
  });
});

describe('project channels and delivery', () => {
  let secret: string;

  it.each([
    ['a private address', { webhook: { url: 'https://10.1.2.3/hook' } }, 'webhook.url', 'a loopback, private or link-local address'],
    ['a link-local address', { slack: { url: 'https://169.254.169.254/latest' } }, 'slack.url', 'a loopback, private or link-local address'],
    ['IPv6 loopback', { webhook: { url: 'https://[::1]/hook' } }, 'webhook.url', 'a loopback, private or link-local address'],
    ['plain http to a host not allowed', { webhook: { url: 'http://example.com/hook' } }, 'webhook.url', 'must be an https URL'],
    ['something not a URL', { webhook: { url: 'hook' } }, 'webhook.url', 'must be an absolute URL'],
    ['an invalid recipient', { email: { to: ['not-an-address'] } }, 'email.to[0]', 'must be an email address'],
    ['an escalation to a channel without a destination', { email: { to: ['ops@acme.example'] }, escalation: { channels: ['webhook'] } }, 'escalation.channels[0]', 'has no destination'],
    ['an escalation delay of 0 minutes', { email: { to: ['ops@acme.example'] }, escalation: { delay_minutes: 0, channels: ['email'] } }, 'escalation.delay_minutes', 'must be from 1 to 1440'],
  ])('refuses %s at PUT, naming the field, and stores nothing', async (_name, body, field, message) => {
    const response = await call(replicaA, 'PUT', '/channels/acme', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { problems: Array<{ field: string; message: string }> }).problems).toEqual([{ field, message: expect.stringContaining(message) }]);
    expect(await (await call(replicaA, 'GET', '/channels/acme')).json()).toEqual({ project_id: 'acme' });
  });

  it('sets the destinations, answering the signing secret once, and keeps it unless rotated', async () => {
    const body = { webhook: { url: hook.url }, slack: { url: slack.url }, email: { to: ['ops@acme.example'] }, escalation: { channels: ['slack'] } };
    const first = (await (await call(replicaA, 'PUT', '/channels/acme', body)).json()) as { webhook: { secret: string } };
    secret = first.webhook.secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await (await call(replicaB, 'GET', '/channels/acme')).json()).toEqual({
      project_id: 'acme',
      webhook: { url: hook.url },
      slack: { url: slack.url },
      email: { to: ['ops@acme.example'] },
      escalation: { delay_minutes: 15, channels: ['slack'] },
    });
    const again = (await (await call(replicaA, 'PUT', '/channels/acme', body)).json()) as { webhook: { secret: string } };
    expect(again.webhook.secret).toBe(secret);
    const rotated = (await (await call(replicaA, 'PUT', '/channels/acme', { ...body, webhook: { url: hook.url, rotate_secret: true } })).json()) as { webhook: { secret: string } };
    expect(rotated.webhook.secret).not.toBe(secret);
    secret = rotated.webhook.secret;
  });

  it('delivers a firing to every channel the alert names; a receiver failing five times gets it once, signed', async () => {
    hook.failNext(5);
    const payload = {
      version: '4',
      status: 'firing',
      receiver: 'pulse-history',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'ProjectAlert', project: 'acme', alert_id: 'feedfeedfeedfeedfeedfeed', severity: 'high', project_channels: 'email,slack,webhook' },
          annotations: { summary: 'Too many minutes', description: 'the increase …', runbook_url: 'https://runbooks.example.com/pulse/projectalert', value: '130', threshold: '100', condition: 'gt' },
          startsAt: '2026-12-07T03:00:00Z',
        },
      ],
    };
    expect((await replicaA.post('/api/v1/alerts/webhook', payload, WEBHOOK_AUTH)).status).toBe(200);
    const requests = await eventually('the webhook to accept the delivery', async () => (hook.requests().some((r) => r.status === 200) ? hook.requests() : undefined), 20_000);
    expect(requests.map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 200]);
    const ids = new Set(requests.map((r) => r.headers['x-pulse-delivery']));
    expect(ids.size).toBe(1);
    const accepted = requests[5];
    expect(accepted.headers['x-pulse-signature']).toBe(signature(secret, String(accepted.headers['x-pulse-timestamp']), accepted.body));
    expect(JSON.parse(accepted.body)).toMatchObject({ delivery_id: [...ids][0], project_id: 'acme', alert_name: 'Too many minutes', status: 'triggered', value: 130, threshold: 100 });
    // Slack is also the project's escalation channel: the triggers opened above (started hours ago) escalate to it.
    const slackMessage = await eventually('slack to get the message', async () => slack.requests().find((r) => !r.body.includes('Escalated')));
    expect(JSON.parse(slackMessage.body).text).toContain('[TRIGGERED] Too many minutes: 130 > 100 (project acme, high)');
    const [mail] = await eventually('the mail to arrive', async () => (smtp.messages().length > 0 ? smtp.messages() : undefined));
    expect(mail).toMatchObject({ from: 'pulse@example.com', to: ['ops@acme.example'] });
    expect(mail.data).toContain('Subject: [TRIGGERED] Too many minutes: 130 > 100 (project acme, high)');
    // Retries wait in the shared store, and either replica's poller may take one: count on both.
    const both = await Promise.all([replicaA.metrics(), replicaB.metrics()]);
    const total = (name: string, labels: Record<string, string>) => both.reduce((sum, metrics) => sum + (sample(metrics, name, labels) ?? 0), 0);
    expect(total('pulse_alert_delivery_attempts_total', { channel: 'webhook', result: 'failure' })).toBe(5);
    expect(total('pulse_alert_delivery_attempts_total', { channel: 'webhook', result: 'success' })).toBe(1);
    expect(total('pulse_alert_deliveries_total', { channel: 'email', outcome: 'delivered' })).toBe(1);
  }, 30_000);
});
