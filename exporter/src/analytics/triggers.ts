/**
 * A project's alert notifications as the original design's `AlertTrigger`s: each notification the
 * Alertmanager webhook stored becomes one trigger, rendered purely from the notification so every
 * replica gives it the same `id`.
 */
import { createHash } from 'node:crypto';
import type { AlertNotification } from '../alerts/types';

export const TRIGGERS_DEFAULT_LIMIT = 20;
export const TRIGGERS_MAX_LIMIT = 100;

/**
 * `triggered` (a firing notification) or `resolved`. The design's `acknowledged` is part of the
 * vocabulary but not produced yet: Pulse keeps no acknowledgements (silence the alert in
 * Alertmanager instead).
 */
export type TriggerStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface Trigger {
  readonly id: string;
  readonly alert_name: string;
  readonly status: TriggerStatus;
  readonly severity: string;
  readonly message: string;
  /** The alert's `value` and `threshold` annotations, when it carries them as numbers. */
  readonly value: number | null;
  readonly threshold: number | null;
  readonly triggered_at: string;
  readonly resolved_at: string | null;
  readonly received_at: string;
  readonly labels: Readonly<Record<string, string>>;
}

export function renderTrigger(notification: AlertNotification): Trigger {
  const resolved = notification.status === 'resolved';
  return {
    id: triggerId(notification),
    alert_name: notification.alertname,
    status: resolved ? 'resolved' : 'triggered',
    severity: notification.severity,
    message: notification.annotations.summary ?? notification.annotations.description ?? notification.alertname,
    value: numberAnnotation(notification, 'value'),
    threshold: numberAnnotation(notification, 'threshold'),
    triggered_at: isoTime(notification.startsAt),
    resolved_at: resolved && notification.endsAt ? isoTime(notification.endsAt) : null,
    received_at: new Date(notification.receivedAtMs).toISOString(),
    labels: notification.labels,
  };
}

/** 16 hex digits of the sha256 of what tells notifications apart; a redelivered one keeps its id. */
function triggerId(n: AlertNotification): string {
  return createHash('sha256').update(JSON.stringify([n.fingerprint, n.alertname, n.status, n.startsAt, n.endsAt, n.receivedAtMs, n.labels])).digest('hex').slice(0, 16);
}

function numberAnnotation(notification: AlertNotification, name: string): number | null {
  const text = notification.annotations[name];
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Alertmanager's times as ISO 8601 in UTC; a time that does not parse is passed on as given. */
function isoTime(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}
