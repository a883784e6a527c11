/**
 * The "Must show" of project alerts, end to end on real parts on loopback: Prometheus (scraping
 * the exporter, evaluating the project's rule file, sending to Alertmanager), Alertmanager
 * (routing to the exporter's webhook), Redis, an SMTP server and a webhook receiver. An alert
 * created through the API fires after its duration, reaches the project signed and by email, is
 * listed, acknowledged (a silence: notifications stop), resolved by Pulse once usage falls (the
 * silence expired), and deleted (its rule leaves Prometheus).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAlertmanager, type AlertmanagerHandle } from '../../alert-rules/src/alertmanager/testing/alertmanager-server';
import { startPrometheus, type PrometheusHandle } from '../../common/testing/prometheus-server';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { signature } from './project-channels/senders';
import { startSmtpServer, type SmtpServerHandle } from './project-channels/testing/smtp-server';
import { startWebhookReceiver, type WebhookReceiver } from './project-channels/testing/webhook-receiver';
import { createPrometheusApi } from './project-rules/prometheus-api';
import { eventually, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';
import { runTool } from './testing/promtool';

/** Two calls a second at most while waiting: well within the project's API rate limit. */
const API_POLL_MS = 500;
/** The project's escalation delay (delay_minutes: 1), and the exporter's sync_interval, on which escalation runs. */
const ESCALATION_MS = 60_000;
const SYNC_MS = 1000;

const KEY = 'acme-secret';
/** The exporter's webhook is off without a token; Alertmanager sends it as a bearer token. */
const WEBHOOK_TOKEN = 'hook-secret';
/** The trigger history across projects takes the admin key. */
const ADMIN_KEY = 'admin-secret';
let redis: RedisServerHandle;
let simulator: Simulator;
let prometheus: PrometheusHandle;
let alertmanager: AlertmanagerHandle;
let exporter: ExporterProcess;
let hook: WebhookReceiver;
let slack: WebhookReceiver;
let smtp: SmtpServerHandle;
let relay: Server;
let relayTarget = '';
let rulesDir: string;
let usage: NodeJS.Timeout | undefined;
let sequence = 0;

function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${exporter.url}/api/v1/analytics${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await (await response).json()) as T;

async function sendUsage(value: number): Promise<void> {
  const event = { id: `lifecycle-${process.pid}-${++sequence}`, project: 'acme', region: 'one', type: 'participant_minutes', value, timestamp: new Date().toISOString() };
  await exporter.post('/api/v1/usage/events', { events: [event] }, { authorization: `Bearer ${KEY}` });
}

/** Alertmanager's webhook needs a URL before the exporter (which needs Alertmanager's) has a port: a relay on loopback forwards to it. */
function startRelay(): Promise<string> {
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      fetch(`${relayTarget}${req.url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization) }, body: Buffer.concat(chunks) }).then(
        async (r) => res.writeHead(r.status).end(await r.text()),
        () => res.writeHead(502).end(),
      );
    });
  });
  return new Promise((resolve) => relay.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(relay.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  let relayUrl: string;
  [redis, simulator, hook, slack, smtp, relayUrl] = await Promise.all([
    startRedisServer({ appendOnly: false }),
    createSimulator({ regions: [{ code: 'one', latencyMs: 2 }] }),
    startWebhookReceiver('/hook'),
    startWebhookReceiver('/slack'),
    startSmtpServer(),
    startRelay(),
  ]);
  alertmanager = await startAlertmanager(
    [
      'route: { receiver: pulse, group_by: [alertname, project, alert_id], group_wait: 1s, group_interval: 1s, repeat_interval: 10s }',
      `receivers: [{ name: pulse, webhook_configs: [{ url: '${relayUrl}/api/v1/alerts/webhook', send_resolved: true, http_config: { authorization: { credentials: ${WEBHOOK_TOKEN} } } }] }]`,
      '',
    ].join('\n'),
  );
  rulesDir = tempDir();
  const targets = join(tempDir(), 'targets.json');
  writeFileSync(targets, '[]');
  prometheus = await startPrometheus({
    configYaml: [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${rulesDir}/project-*.rules.yml']`,
      `alerting: { alertmanagers: [{ static_configs: [{ targets: ['${new URL(alertmanager.url).host}'] }] }] }`,
      `scrape_configs: [{ job_name: pulse-exporter, file_sd_configs: [{ files: ['${targets}'], refresh_interval: 1s }] }]`,
      '',
    ].join('\n'),
    args: ['--web.enable-lifecycle'],
  });
  const config = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '1s',
    timeout: '500ms',
    extra: {
      projects: [{ id: 'acme', key_env: 'ACME_KEY' }],
      project_alerts: {
        rules_dir: rulesDir,
        prometheus_url: prometheus.url,
        alertmanager_url: alertmanager.url,
        sync_interval: `${SYNC_MS / 1000}s`,
        allow_destinations: ['127.0.0.1'],
        delivery: { initial_backoff: '100ms', max_backoff: '1s', give_up_after: '1h' },
        smtp: { host: '127.0.0.1', port: smtp.port, from: 'pulse@example.com' },
      },
    },
  });
  exporter = await startExporter(config, { env: { ACME_KEY: KEY, PULSE_WEBHOOK_TOKEN: WEBHOOK_TOKEN, PULSE_ADMIN_KEY: ADMIN_KEY, REDIS_URL: redis.url } });
  relayTarget = exporter.url;
  writeFileSync(targets, JSON.stringify([{ targets: [new URL(exporter.url).host] }]));
}, 120_000);

afterAll(async () => {
  clearInterval(usage);
  await exporter?.stop();
  await Promise.all([simulator?.close(), prometheus?.stop(), alertmanager?.stop(), redis?.dispose(), hook?.close(), slack?.close(), smtp?.stop()]);
  await new Promise((resolve) => relay?.close(resolve));
});

interface Trigger {
  id: string;
  status: string;
  silence_id: string | null;
  resolved_by: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  triggered_at: string;
}

it('fires, notifies signed and by email, is acknowledged, resolves by itself, and leaves Prometheus when deleted', async () => {
  // Escalation to Slack after 1 minute unacknowledged: the acknowledgement below comes as soon as
  // the trigger is listed, and the trigger stays acknowledged until the escalation was due.
  const channels = { webhook: { url: hook.url }, email: { to: ['ops@acme.example'] }, slack: { url: slack.url }, escalation: { delay_minutes: 1, channels: ['slack'] } };
  const put = await json<{ webhook: { secret: string } }>(call('PUT', '/channels/acme', channels));
  const created = await call('POST', '/alerts', { project_id: 'acme', metric_name: 'participant_minutes', alert_name: 'Minutes surge', condition: 'gt', threshold: 10, duration: 1, severity: 'critical', notification_channels: ['webhook', 'email'] });
  expect(created.status).toBe(201);
  const { id: alertId } = (await created.json()) as { id: string };
  const check = runTool('promtool', ['check', 'rules', join(rulesDir, 'project-acme.rules.yml')]);
  expect(check.status).toBe(0);

  // Usage: a baseline sample, then 50 minutes every 2 s, so the increase over 1m stays far above 10.
  await sendUsage(1);
  await eventually('Prometheus to scrape the usage', async () => ((await createPrometheusApi(prometheus.url).query('pulse_usage_participant_minutes_total{project="acme"}')).length > 0 ? true : undefined), 20_000);
  usage = setInterval(() => void sendUsage(50), 2_000);

  type Checked = { alerts: Array<{ id: string; state: string; value: number | null }> };
  const firing = await eventually('check to report the alert firing', async () => {
    const answer = await json<Checked>(call('POST', '/alerts/acme/check'));
    return answer.alerts.find((a) => a.id === alertId && a.state === 'firing');
    // Every call draws on the project's API rate limit: polled every 50 ms for minutes on a slow
    // machine, the waits used it up and the DELETE below answered 429.
  }, 120_000, API_POLL_MS);
  expect(firing.value).toBeGreaterThan(10);

  // The seed's trigger list (getRecentTriggers) gives the id the lifecycle endpoints take; the
  // trigger is there once Alertmanager's notification has reached the exporter.
  type Listed = { triggers: Array<{ id: string; source: string; acknowledgeable: boolean; status: string }> };
  const listed = await eventually('the trigger to be listed', async () => {
    const answer = await json<Listed>(call('GET', '/triggers/acme'));
    return answer.triggers.length > 0 ? answer : undefined;
  }, 60_000, API_POLL_MS);
  expect(listed.triggers).toMatchObject([{ source: 'project', acknowledgeable: true, status: 'triggered' }]);
  const triggerId = listed.triggers[0].id;
  const { triggers } = await json<{ triggers: Trigger[] }>(call('GET', '/alerts/acme/triggers'));
  expect(triggers).toMatchObject([{ id: triggerId, status: 'triggered', silence_id: null }]);
  const triggeredAt = Date.parse(triggers[0].triggered_at);

  // Resolving while the condition holds is refused: the alert still fires.
  const early = await call('POST', `/triggers/${triggerId}/resolve`, {});
  expect(early.status).toBe(409);

  const acknowledged = await json<Trigger>(call('POST', `/triggers/${triggerId}/acknowledge`, { by: 'alice', comment: 'on it' }));
  const acknowledgedAt = Date.now();
  expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledged_by: 'alice', silence_id: expect.any(String) });
  // What the Slack check below stands on: the acknowledgement came before the escalation was due.
  expect(acknowledgedAt - triggeredAt).toBeLessThan(ESCALATION_MS);
  const silences = await json<Array<{ id: string; status: { state: string } }>>(fetch(`${alertmanager.url}/api/v2/silences`));
  expect(silences.find((s) => s.id === acknowledged.silence_id)?.status.state).toBe('active');
  expect((await call('POST', `/triggers/${triggerId}/acknowledge`, {})).status).toBe(409);

  // The notification of the firing was on its way before the acknowledgement: it still arrives.
  const [delivered] = await eventually('the project webhook to get the alert', async () => (hook.requests().length > 0 ? hook.requests() : undefined), 30_000);
  expect(delivered.headers['x-pulse-signature']).toBe(signature(put.webhook.secret, String(delivered.headers['x-pulse-timestamp']), delivered.body));
  expect(JSON.parse(delivered.body)).toMatchObject({ project_id: 'acme', alert_id: alertId, alert_name: 'Minutes surge', status: 'triggered', severity: 'critical', threshold: 10 });
  const [mail] = await eventually('the mail', async () => (smtp.messages().length > 0 ? smtp.messages() : undefined), 30_000);
  expect(mail.data).toContain('[TRIGGERED] Minutes surge');

  // Usage goes on, so the trigger stays acknowledged (not resolved), until escalation was due and
  // a few sync intervals (each one an escalation pass) have run since.
  await eventually('the escalation delay to pass', async () => (Date.now() > triggeredAt + ESCALATION_MS + 3 * SYNC_MS ? true : undefined), 2 * ESCALATION_MS, API_POLL_MS);
  expect((await json<{ triggers: Trigger[] }>(call('GET', '/alerts/acme/triggers'))).triggers).toMatchObject([{ id: triggerId, status: 'acknowledged' }]);

  // Usage falls: the increase over 1m drops below the threshold; Pulse notices and resolves.
  clearInterval(usage);
  const resolved = await eventually('the trigger to be resolved', async () => {
    const answer = await json<{ triggers: Trigger[] }>(call('GET', '/alerts/acme/triggers'));
    return answer.triggers.find((t) => t.id === triggerId && t.status === 'resolved');
  }, 150_000, API_POLL_MS);
  expect(resolved).toMatchObject({ resolved_by: 'condition', silence_id: null });
  expect((await json<Listed>(call('GET', '/triggers/acme'))).triggers).toMatchObject([{ id: triggerId, status: 'resolved', acknowledgeable: false }]);
  const after = await json<Array<{ id: string; status: { state: string } }>>(fetch(`${alertmanager.url}/api/v2/silences`));
  expect(after.find((s) => s.id === acknowledged.silence_id)?.status.state).toBe('expired');

  // While acknowledged, Alertmanager (repeat_interval 10s) sent nothing more for the alert.
  const history = await json<{ triggers: Array<{ status: string; labels: Record<string, string>; received_at: string }> }>(fetch(`${exporter.url}/api/v1/alerts/triggers?project=acme&limit=100`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } }));
  const firingSinceAck = history.triggers.filter((t) => t.status === 'firing' && t.labels.alert_id === alertId && Date.parse(t.received_at) > acknowledgedAt + 2_000);
  expect(firingSinceAck).toEqual([]);
  expect(hook.requests().filter((r) => JSON.parse(r.body).status === 'triggered')).toHaveLength(1);
  // Escalation was due while the trigger was acknowledged: acknowledging stopped it.
  expect(slack.requests()).toEqual([]);

  expect((await call('DELETE', `/alerts/acme/${alertId}`)).status).toBe(200);
  const groups = await createPrometheusApi(prometheus.url).ruleGroups();
  expect(groups.filter((g) => g.name === 'project-alerts:acme')).toEqual([]);
}, 420_000);
