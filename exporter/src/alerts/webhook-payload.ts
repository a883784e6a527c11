/**
 * Alertmanager's webhook payload (version 4) → the notifications the history keeps. Unknown
 * fields are allowed, since Alertmanager adds fields over time; the ones used are checked.
 */
import { z } from 'zod';
import type { AlertNotification } from './types';

const labels = z.record(z.string(), z.string());

const alert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string().default(''),
  fingerprint: z.string().default(''),
});

export const webhookPayloadSchema = z.object({
  version: z.string().optional(),
  receiver: z.string().default(''),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(alert).min(1).max(10_000),
});

export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

/** Severities kept as they are in the notification counters; any other value counts as "other". */
export const KNOWN_SEVERITIES: readonly string[] = ['critical', 'high', 'medium', 'low', 'warning', 'info', 'none'];
/** An alert name as Prometheus writes them, at most 100 characters; any other counts as "other". */
const ALERTNAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
export const OTHER_LABEL_VALUE = 'other';

/**
 * The alertname and severity fields label the notification counters, so their values are
 * bounded here (the full labels stay in the history): an empty value stays empty, anything
 * outside the bounds becomes "other".
 */
function boundedLabel(value: string | undefined, allowed: (value: string) => boolean): string {
  if (value === undefined || value === '') return '';
  return allowed(value) ? value : OTHER_LABEL_VALUE;
}

export function toNotifications(payload: WebhookPayload, receivedAtMs: number): AlertNotification[] {
  return payload.alerts.map((a) => ({
    status: a.status,
    alertname: boundedLabel(a.labels.alertname, (name) => ALERTNAME.test(name)),
    severity: boundedLabel(a.labels.severity, (severity) => KNOWN_SEVERITIES.includes(severity)),
    project: a.labels.project ?? '',
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    fingerprint: a.fingerprint,
    receiver: payload.receiver,
    receivedAtMs,
  }));
}
