/** PUT /api/v1/analytics/channels/:project_id: the project's destinations, validated and checked against the destination policy. */
import { z } from 'zod';
import { PROJECT_CHANNELS } from '../project-alerts/types';
import { parseBody, type FieldProblem, type Parsed } from '../api/request-body';
import { destinationProblem, type Resolve } from './destination-policy';

export const URL_MAX = 2048;
export const EMAIL_RECIPIENTS_MAX = 10;
export const ESCALATION_DELAY_MAX_MINUTES = 1440;
export const DEFAULT_ESCALATION_DELAY_MINUTES = 15;

const url = z.string().min(1).max(URL_MAX, `must be at most ${URL_MAX} characters`);

export const channelsBody = z.strictObject({
  webhook: z.strictObject({ url, rotate_secret: z.boolean().default(false) }).optional(),
  slack: z.strictObject({ url }).optional(),
  escalation: z
    .strictObject({
      delay_minutes: z.number().int('must be a whole number of minutes').min(1, `must be from 1 to ${ESCALATION_DELAY_MAX_MINUTES}`).max(ESCALATION_DELAY_MAX_MINUTES, `must be from 1 to ${ESCALATION_DELAY_MAX_MINUTES}`).default(DEFAULT_ESCALATION_DELAY_MINUTES),
      channels: z
        .array(z.enum(PROJECT_CHANNELS))
        .min(1, 'must list at least one channel')
        .max(PROJECT_CHANNELS.length)
        .refine((list) => new Set(list).size === list.length, 'must not list a channel twice'),
    })
    .optional(),
  email: z.strictObject({ to: z.array(z.email('must be an email address')).min(1, 'must list at least one address').max(EMAIL_RECIPIENTS_MAX, `must list at most ${EMAIL_RECIPIENTS_MAX} addresses`) }).optional(),
});

export type ChannelsBody = z.output<typeof channelsBody>;

export async function validateChannels(body: unknown, allowed: readonly string[], emailOn: boolean, resolve?: Resolve): Promise<Parsed<ChannelsBody>> {
  const parsed = parseBody(channelsBody, body);
  if (!parsed.ok) return parsed;
  const problems: FieldProblem[] = [];
  for (const key of ['webhook', 'slack'] as const) {
    const target = parsed.value[key]?.url;
    const problem = target === undefined ? undefined : await destinationProblem(target, allowed, resolve);
    if (problem) problems.push({ field: `${key}.url`, message: problem });
  }
  if (parsed.value.email && !emailOn) problems.push({ field: 'email', message: 'email is off on this exporter: set project_alerts.smtp' });
  parsed.value.escalation?.channels.forEach((channel, i) => {
    if (!parsed.value[channel]) problems.push({ field: `escalation.channels[${i}]`, message: `has no destination: set ${channel} too (got "${channel}")` });
  });
  return problems.length > 0 ? { ok: false, problems } : parsed;
}
