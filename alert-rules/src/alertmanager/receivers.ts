/**
 * Routing spec receivers → Alertmanager receivers. Secrets appear only as paths inside
 * secrets_dir: Slack's api_url_file, SMTP's auth_password_file (in global) and webhooks'
 * bearer credentials_file. A webhook URL stays configuration, because Alertmanager 0.25 has no
 * webhook url_file (`amtool check-config` rejects it); a webhook that needs a secret takes it as
 * a bearer token from a file instead.
 */
import { posix } from 'node:path';
import { CHANNELS, type Channel } from '../model/types';
import { goTemplateCall } from '../messages/render-go-template';
import type { EmailConfig, Receiver, SlackConfig, WebhookConfig } from './alertmanager-config';
import type { ReceiverSpecs, RoutingSpec } from './routing-spec-schema';

/** Receives nothing: the root route's receiver, reached only by an alert no child matches. */
export const DISCARD_RECEIVER = 'discard';
/** The exporter's webhook (the name the exporter's README documents). */
export const HISTORY_RECEIVER = 'pulse-history';

/** Each channel's receiver is named after the channel, so routes and tests read alike. */
export function receiverName(channel: Channel): string {
  return channel;
}

/** Where Alertmanager reads a secret file the spec names. */
export function secretPath(spec: RoutingSpec, file: string): string {
  return posix.join(spec.secrets_dir, file);
}

export function buildReceivers(spec: RoutingSpec): Receiver[] {
  const secret = (file: string): string => secretPath(spec, file);
  const history = spec.history_webhook;
  return [
    { name: DISCARD_RECEIVER },
    { name: HISTORY_RECEIVER, webhook_configs: [webhook(history.url, history.credentials_file, secret)] },
    ...CHANNELS.flatMap((channel) => channelReceiver(channel, spec.receivers, secret)),
  ];
}

type SecretPath = (file: string) => string;
type Notifiers = Omit<Receiver, 'name'>;
type ChannelBuilders = { readonly [C in Channel]: (receiver: NonNullable<ReceiverSpecs[C]>, secret: SecretPath) => Notifiers };

const CHANNEL_BUILDERS: ChannelBuilders = {
  pager: (pager, secret) => ({
    webhook_configs: [webhook(pager.webhook_url, pager.webhook_credentials_file, secret)],
    slack_configs: [slackConfig(secret(pager.slack_api_url_file), pager.slack_channel)],
  }),
  slack: (slack, secret) => ({ slack_configs: [slackConfig(secret(slack.api_url_file), slack.channel)] }),
  email: (email) => ({ email_configs: [emailConfig(email.to, true)] }),
  webhook: (hook, secret) => ({ webhook_configs: [webhook(hook.url, hook.credentials_file, secret)] }),
  // A digest lists what is firing; a second mail for each resolution would defeat it.
  digest: (digest) => ({ email_configs: [emailConfig(digest.to, false)] }),
};

/** Slack and email read as a project's messages do: the shared wording's templates (pulse.tmpl). */
function slackConfig(apiUrlFile: string, channel: string): SlackConfig {
  return { api_url_file: apiUrlFile, channel, send_resolved: true, title: goTemplateCall('title'), text: goTemplateCall('text') };
}

function emailConfig(to: string, sendResolved: boolean): EmailConfig {
  return { to, send_resolved: sendResolved, headers: { Subject: goTemplateCall('title') }, text: goTemplateCall('text'), html: '' };
}

/** The channel's receiver, or none when the spec configures no receiver for it. */
function channelReceiver<C extends Channel>(channel: C, receivers: ReceiverSpecs, secret: SecretPath): Receiver[] {
  const receiver = receivers[channel];
  if (receiver === undefined) return [];
  return [{ name: receiverName(channel), ...CHANNEL_BUILDERS[channel](receiver as NonNullable<ReceiverSpecs[C]>, secret) }];
}

function webhook(url: string, credentialsFile: string | undefined, secret: SecretPath): WebhookConfig {
  if (credentialsFile === undefined) return { url, send_resolved: true };
  return { url, send_resolved: true, http_config: { authorization: { type: 'Bearer', credentials_file: secret(credentialsFile) } } };
}
