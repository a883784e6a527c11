/**
 * Sending one message to one channel of a project. Each sender throws on failure (so the queue
 * retries) and re-checks the destination policy first, since a name may resolve elsewhere now.
 */
import { createHmac } from 'node:crypto';
import type { ProjectAlertSettings } from '../config/model';
import type { ProjectChannel } from '../project-alerts/types';
import { destinationProblem } from './destination-policy';
import { emailMessage, slackPayload, type AlertMessage } from './message';
import { createMailer } from './mailer';
import type { ProjectChannels } from './types';

const SEND_TIMEOUT_MS = 10_000;

export type Sender = (message: AlertMessage, channels: ProjectChannels) => Promise<void>;

/** X-Pulse-Signature: hex HMAC-SHA256, keyed by the project's secret, of "<timestamp>.<body>". */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function post(url: string, body: string, headers: Record<string, string>, allowed: readonly string[]): Promise<void> {
  const problem = await destinationProblem(url, allowed);
  if (problem) throw new Error(`destination refused: ${problem}`);
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, redirect: 'manual', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  await response.arrayBuffer();
  if (response.status < 200 || response.status >= 300) throw new Error(`${new URL(url).host} answered HTTP ${response.status}`);
}

export function createSenders(settings: ProjectAlertSettings): Record<ProjectChannel, Sender> {
  const allowed = settings.allowDestinations;
  const mail = settings.smtp && createMailer(settings.smtp);
  return {
    async webhook(message, channels) {
      if (!channels.webhook) throw new Error('the project has no webhook destination');
      const body = JSON.stringify(message);
      const timestamp = String(Math.floor(Date.now() / 1000));
      await post(channels.webhook.url, body, { 'X-Pulse-Timestamp': timestamp, 'X-Pulse-Signature': signature(channels.webhook.secret, timestamp, body), 'X-Pulse-Delivery': message.delivery_id }, allowed);
    },
    async slack(message, channels) {
      if (!channels.slack) throw new Error('the project has no slack destination');
      await post(channels.slack.url, JSON.stringify(slackPayload(message)), {}, allowed);
    },
    async email(message, channels) {
      if (!channels.email) throw new Error('the project has no email destination');
      if (!mail) throw new Error('email is off: set project_alerts.smtp');
      await mail({ to: channels.email.to, ...emailMessage(message), headers: { 'X-Pulse-Delivery': message.delivery_id } });
    },
  };
}
