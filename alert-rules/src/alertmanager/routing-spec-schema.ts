/**
 * The external, versioned shape of `specs/routing.yaml` (apiVersion pulse/rules/v1, kind Routing),
 * exactly as people write it. Unknown keys are rejected everywhere. Secrets appear only as *_file
 * names (literal-secrets.ts explains a literal one before this schema would call it unknown);
 * rules that span several keys (a used channel needs a receiver …) live in routing-spec-checks.ts.
 */
import { z } from 'zod';
import { parseDuration } from '../../../common/duration';
import { CHANNELS, SEVERITIES } from '../model/types';

const duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'must be a duration such as 0s, 30s, 5m or 4h',
});

// Alertmanager refuses a zero group_interval or repeat_interval.
const positiveDuration = z.string().refine((text) => (parseDuration(text) ?? 0) > 0, {
  message: 'must be a positive duration such as 30s, 5m or 4h',
});

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a label name');
const labelNames = z
  .array(labelName)
  .min(1)
  .refine((names) => new Set(names).size === names.length, { message: 'must not repeat a label' });

const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+\S*$/, 'must be an http:// or https:// URL');
const email = z.string().regex(/^[^\s@,]+@[^\s@,]+$/, 'must be an e-mail address');
const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port');
const slackChannel = z.string().regex(/^[#@][^\s,]+$/, 'must be a Slack channel (#name) or user (@name)');

/** A file holding a secret, named relative to secrets_dir, so the whole set of secrets moves with it. */
const secretFile = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, 'must be a file name inside secrets_dir (letters, digits, ".", "_", "-")');

const channelList = z
  .array(z.enum(CHANNELS))
  .refine((channels) => new Set(channels).size === channels.length, { message: 'must not repeat a channel' });

const severityChannels = z.strictObject(
  Object.fromEntries(SEVERITIES.map((severity) => [severity, channelList])) as Record<(typeof SEVERITIES)[number], typeof channelList>,
);

/** A webhook whose URL is configuration and whose bearer token, if any, is a file. */
const webhookFields = { url: httpUrl, credentials_file: secretFile.optional() };

/** A route's own clock: when set, replaces the root's group_wait and group_interval for that route only. */
const ownClock = { group_wait: duration.optional(), group_interval: positiveDuration.optional() };

const receivers = z.strictObject({
  /**
   * A page: a webhook to the paging service and a message in the pages Slack channel. Its own
   * clock: a page should leave within seconds of firing, while other channels keep batching on
   * the root's clock.
   */
  pager: z
    .strictObject({
      webhook_url: httpUrl,
      webhook_credentials_file: secretFile.optional(),
      slack_channel: slackChannel,
      slack_api_url_file: secretFile,
      ...ownClock,
    })
    .optional(),
  slack: z.strictObject({ channel: slackChannel, api_url_file: secretFile }).optional(),
  email: z.strictObject({ to: email }).optional(),
  webhook: z.strictObject(webhookFields).optional(),
  /** A low-volume e-mail: alerts batched per group_by and sent at most once per group_interval. */
  digest: z
    .strictObject({
      to: email,
      group_by: labelNames,
      group_wait: duration,
      group_interval: positiveDuration,
      repeat_interval: positiveDuration,
    })
    .optional(),
});

const smtp = z.strictObject({
  from: email,
  smarthost: hostPort,
  auth_username: z.string().min(1).optional(),
  auth_password_file: secretFile.optional(),
  require_tls: z.boolean().default(true),
});

export const routingSpecSchema = z.strictObject({
  apiVersion: z.literal('pulse/rules/v1'),
  kind: z.literal('Routing'),
  group_by: labelNames,
  group_wait: duration,
  group_interval: positiveDuration,
  repeat_interval: positiveDuration,
  /** Labels a higher-severity alert and a lower one must share for the higher to mute the lower. */
  inhibit_equal: labelNames,
  /** The channels an alert gets when its spec names none; the rule generator writes them into its labels. */
  severity_channels: severityChannels,
  /** Absolute directory where Alertmanager finds every *_file secret. */
  secrets_dir: z.string().regex(/^\/\S*$/, 'must be an absolute path'),
  /** SMTP settings shared by the email and digest receivers. */
  smtp: smtp.optional(),
  receivers,
  /**
   * The exporter's trigger history: receives every notification, firing and resolved, and sends
   * project alerts on to the projects' own destinations. Its own clock, when set: a project's
   * notification should not wait the root's group_wait (README, project alerts).
   */
  history_webhook: z.strictObject({ ...webhookFields, ...ownClock }),
});

export type RoutingSpec = z.output<typeof routingSpecSchema>;
export type ReceiverSpecs = RoutingSpec['receivers'];
