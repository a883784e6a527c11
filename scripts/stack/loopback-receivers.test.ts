/**
 * The local stack's Alertmanager notifies nobody outside the machine: its copy of the generated
 * routing sends every receiver to the loopback notification sink, which a real Alertmanager then
 * posts to, saying where each notification would have gone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startAlertmanager, type AlertmanagerHandle } from '../../alert-rules/src/alertmanager/testing/alertmanager-server';
import { freePort } from '../../common/testing/free-port';
import { eventually } from '../../exporter/src/testing/exporter-process';
import { runTool } from '../../exporter/src/testing/promtool';
import { DEFAULT_PORTS, localize, localReplacements } from './localize';
import { routeReceiversToSink } from './loopback-receivers';
import { startNotificationSink, type NotificationSink } from './notification-sink';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'pulse-sink-'));
const SINK_PLACEHOLDER = 'http://127.0.0.1:9096';
const localCopy = (sinkUrl: string) =>
  routeReceiversToSink(localize(readFileSync(join(ROOT, 'alert-rules/generated/alertmanager.yml'), 'utf8'), localReplacements(DEFAULT_PORTS, { rulesDir: dir, secretsDir: dir })), sinkUrl);

describe("the local stack's alertmanager.yml", () => {
  const text = localCopy(SINK_PLACEHOLDER);

  it('points every URL at loopback, and keeps no Slack, mail or SMTP settings', () => {
    const urls = [...text.matchAll(/url: (\S+)/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(text).not.toMatch(/slack_configs|email_configs|smtp_|api_url/);
  });

  it('keeps every receiver and route of the generated routing', () => {
    const generated = parse(readFileSync(join(ROOT, 'alert-rules/generated/alertmanager.yml'), 'utf8')) as { route: unknown; receivers: Array<{ name: string }> };
    const local = parse(text) as typeof generated;
    expect(local.receivers.map((r) => r.name)).toEqual(generated.receivers.map((r) => r.name));
    expect(local.route).toEqual(generated.route);
  });

  it('passes amtool check-config', () => {
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, text);
    writeFileSync(join(dir, 'pulse-webhook-token'), 'token');
    const result = runTool('amtool', ['check-config', file]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

describe('a real Alertmanager on that copy', () => {
  let sink: NotificationSink;
  let alertmanager: AlertmanagerHandle;

  beforeAll(async () => {
    sink = await startNotificationSink({ port: await freePort(), logFile: join(dir, 'notifications.log') });
    const config = parse(localCopy(sink.url)) as { route: Record<string, unknown> };
    Object.assign(config.route, { group_wait: '1s', group_interval: '1s' });
    alertmanager = await startAlertmanager(stringify(config));
  }, 60_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await sink?.close();
  });

  it('posts each channel to the sink, which logs where it would have gone', async () => {
    const alert = (alertname: string, severity: string, channels: string) => ({ labels: { alertname, severity, channels, region: 'eu-west' }, annotations: { summary: alertname } });
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([alert('RegionGone', 'critical', 'pager'), alert('ManyRequests', 'high', 'slack,email,webhook')]),
    });
    expect(posted.status).toBe(200);
    const expected = [
      'ManyRequests email email oncall@example.com',
      'ManyRequests slack slack #pulse-alerts',
      'ManyRequests webhook webhook https://hooks.example.com/pulse',
      'RegionGone pager slack #pulse-pages',
      'RegionGone pager webhook https://pager.example.com/v1/alertmanager',
    ];
    const seen = await eventually(
      'a notification per receiver integration',
      async () => {
        const lines = [...new Set(sink.received().map((n) => `${n.alerts[0]?.labels.alertname} ${n.receiver} ${n.via} ${n.would_go_to}`))].sort();
        return lines.length >= expected.length ? lines : undefined;
      },
      30_000,
    );
    expect(seen).toEqual(expected);
    const logged = readFileSync(join(dir, 'notifications.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { status: string; receiver: string });
    expect(logged.length).toBe(sink.received().length);
    expect(logged.every((n) => n.status === 'firing')).toBe(true);
  }, 60_000);
});
