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

export function toNotifications(payload: WebhookPayload, receivedAtMs: number): AlertNotification[] {
  return payload.alerts.map((a) => ({
    status: a.status,
    alertname: a.labels.alertname ?? '',
    severity: a.labels.severity ?? '',
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
