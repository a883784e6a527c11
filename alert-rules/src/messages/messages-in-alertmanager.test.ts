/**
 * The operator's receivers read as a project's messages do: a real Alertmanager (0.25) runs the
 * configuration generated from specs/routing.yaml with the generated pulse.tmpl, its Slack
 * receiver posting to a webhook receiver on loopback and its email receiver sending to a real
 * SMTP server on loopback. Each golden alert's Slack title and text, and its mail's subject and
 * text, must be exactly what the exporter's TypeScript renders from the same facts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startSmtpServer, type SmtpServerHandle } from '../../../exporter/src/project-channels/testing/smtp-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../../exporter/src/project-channels/testing/webhook-receiver';
import { eventually } from '../../../exporter/src/testing/exporter-process';
import type { AlertmanagerHandle } from '../alertmanager/testing/alertmanager-server';
import { startAlertmanagerFor } from '../alertmanager/testing/alertmanager-for-spec';
import { DEFAULT_SPEC_FILE, loadSpecFile } from '../alertmanager/testing/routing-specs';
import { GO_TEMPLATES_FILE, renderGoTemplates } from './render-go-template';
import { messageText, messageTitle } from './render-text';
import { alertmanagerAlert, MESSAGE_CASES } from './testing/message-cases';

let slack: WebhookReceiver;
let smtp: SmtpServerHandle;
let alertmanager: AlertmanagerHandle;

beforeAll(async () => {
  [slack, smtp] = await Promise.all([startWebhookReceiver('/slack'), startSmtpServer()]);
  const spec = loadSpecFile(DEFAULT_SPEC_FILE);
  // The committed routing, with its clocks shortened and its SMTP relay on loopback.
  alertmanager = await startAlertmanagerFor(
    { ...spec, group_wait: '1s', group_interval: '1s', smtp: { from: 'pulse@example.com', smarthost: `127.0.0.1:${smtp.port}`, require_tls: false } },
    (config) => pointSlackAt(config, slack.url),
  );
}, 30_000);

afterAll(async () => {
  await Promise.all([alertmanager?.stop(), slack?.close(), smtp?.stop()]);
});

/** The Slack receivers' URL secret files, written with the loopback receiver's URL. */
function pointSlackAt(configText: string, url: string): void {
  const config = parse(configText) as { receivers: Array<{ slack_configs?: Array<{ api_url_file: string }> }> };
  for (const receiver of config.receivers) for (const slackConfig of receiver.slack_configs ?? []) writeFileSync(slackConfig.api_url_file, url);
}

async function post(alert: ReturnType<typeof alertmanagerAlert>): Promise<void> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
  expect(response.status).toBe(200);
}

/** RFC 2047 "Q" words and quoted-printable bodies, as Alertmanager's mails carry non-ASCII text. */
function decodeQuoted(text: string, underscoreIsSpace: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(underscoreIsSpace && text[i] === '_' ? 0x20 : text.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

function mailParts(raw: string): { subject: string; text: string; html: boolean } {
  const subjectLine = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
  // Whitespace between two encoded words is not part of the text.
  const subject = subjectLine.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?q\?(.*?)\?=/gi, (_m, word: string) => decodeQuoted(word, true));
  const boundary = /boundary="?([^"\r\n;]+)"?/.exec(raw)?.[1] ?? '';
  const parts = raw.split(`--${boundary}`).map((part) => {
    const split = part.indexOf('\r\n\r\n');
    return { headers: part.slice(0, split), body: part.slice(split + 4) };
  });
  const plain = parts.find((p) => /Content-Type: text\/plain/i.test(p.headers));
  const body = plain ? (/quoted-printable/i.test(plain.headers) ? decodeQuoted(plain.body.replace(/=\r\n/g, ''), false) : plain.body) : '';
  return { subject, text: body.replace(/\r\n/g, '\n').trimEnd(), html: parts.some((p) => /Content-Type: text\/html/i.test(p.headers)) };
}

describe.each(MESSAGE_CASES.map((c) => [c.name, c] as const))('the %s alert through Alertmanager', (name, { facts }) => {
  it('reaches Slack and email with the same title and text as a project message', async () => {
    const alert = alertmanagerAlert(facts, `Golden-${name}`);
    // Routed by `channels` to the generated slack and email receivers.
    alert.labels.channels = 'email,slack';
    // A resolution is only sent for an alert that was notified firing.
    if (!facts.firing) {
      await post({ ...alert, endsAt: undefined });
      await eventually(`the firing ${name} mail`, async () => (smtp.messages().some((m) => mailParts(m.data).subject === messageTitle({ ...facts, firing: true })) ? true : undefined), 20_000);
    }
    await post(alert);
    const slackBody = await eventually(
      `Slack's ${name} message`,
      async () => slack.requests().map((r) => JSON.parse(r.body) as { attachments: Array<{ title: string; text: string }> }).find((b) => b.attachments[0].title === messageTitle(facts)),
      20_000,
    );
    expect(slackBody.attachments[0]).toMatchObject({ title: messageTitle(facts), text: messageText(facts) });
    const mail = await eventually(`the ${name} mail`, async () => smtp.messages().map((m) => mailParts(m.data)).find((m) => m.subject === messageTitle(facts)), 20_000);
    expect(mail).toEqual({ subject: messageTitle(facts), text: messageText(facts), html: false });
  }, 60_000);
});

it('is the committed alert-rules/generated/pulse.tmpl (run `npm run rules` after a wording change)', () => {
  expect(readFileSync(join(__dirname, '../../generated', GO_TEMPLATES_FILE), 'utf8')).toBe(renderGoTemplates());
});
