/**
 * The local stack's Alertmanager notifies nobody outside the machine: every receiver of the
 * generated routing (pager, slack, email, webhook, digest) is rewritten to post to the stack's
 * notification sink on loopback, one webhook per original integration, with where the
 * notification would have gone in the URL. Routes, grouping and inhibition stay as generated, so
 * the sink's log shows what each alert would have done in production. The trigger history (the
 * exporter's webhook) is on loopback already and is kept as it is.
 */
import { parse, stringify } from 'yaml';

/** Receivers that already stay on the machine. */
const LOCAL_RECEIVERS = new Set(['discard', 'pulse-history']);

interface Receiver {
  name: string;
  webhook_configs?: Array<{ url?: string; send_resolved?: boolean }>;
  slack_configs?: Array<{ channel?: string; send_resolved?: boolean }>;
  email_configs?: Array<{ to?: string; send_resolved?: boolean }>;
  [other: string]: unknown;
}

/** Each integration of a receiver and the place it would notify: a URL, a Slack channel, a mail address. */
function destinations(receiver: Receiver): Array<{ via: string; to: string; sendResolved: boolean }> {
  return [
    ...(receiver.webhook_configs ?? []).map((c) => ({ via: 'webhook', to: c.url ?? '?', sendResolved: c.send_resolved ?? true })),
    ...(receiver.slack_configs ?? []).map((c) => ({ via: 'slack', to: c.channel ?? '?', sendResolved: c.send_resolved ?? false })),
    ...(receiver.email_configs ?? []).map((c) => ({ via: 'email', to: c.to ?? '?', sendResolved: c.send_resolved ?? false })),
  ];
}

/** alertmanager.yml with every outside receiver pointed at `sinkUrl` (http://127.0.0.1:port). */
export function routeReceiversToSink(configText: string, sinkUrl: string): string {
  const config = parse(configText) as { global?: Record<string, unknown>; receivers: Receiver[] };
  config.receivers = config.receivers.map((receiver) => {
    if (LOCAL_RECEIVERS.has(receiver.name)) return receiver;
    const webhooks = destinations(receiver).map(({ via, to, sendResolved }) => ({
      url: `${sinkUrl}/notify/${encodeURIComponent(receiver.name)}/${via}?${new URLSearchParams({ to })}`,
      send_resolved: sendResolved,
    }));
    return { name: receiver.name, ...(webhooks.length > 0 ? { webhook_configs: webhooks } : {}) };
  });
  // No email integration is left, so no SMTP server either.
  if (config.global) for (const key of Object.keys(config.global)) if (key.startsWith('smtp_')) delete config.global[key];
  if (config.global && Object.keys(config.global).length === 0) delete config.global;
  return `# The local stack's copy: every receiver posts to the loopback notification sink (scripts/stack/loopback-receivers.ts).\n${stringify(config)}`;
}
