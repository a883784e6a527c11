/**
 * What both alert-history implementations must agree on: the count key (alertname, severity,
 * status) as one string for map keys and Redis hash fields — JSON rather than a separator, since
 * label values may contain any character — the list filter, and the argument checks.
 */
import { counterLabels } from '../alerts/counter-labels';
import type { AlertNotification, NotificationCount } from '../alerts/types';

/** The counter's labels are bounded (counter-labels.ts); the history keeps the notification as received. */
export function countField(notification: Pick<AlertNotification, 'alertname' | 'severity' | 'status'>): string {
  const { alertname, severity } = counterLabels(notification);
  return JSON.stringify([alertname, severity, notification.status]);
}

/**
 * At most this many notification counters (alertname × severity × status) are kept; past it, a
 * new combination counts under alertname "other" (counters already kept go on counting), so a
 * flood of made-up alert names cannot grow the series without bound.
 */
export const MAX_NOTIFICATION_COUNTERS = 1000;

/** The counter a notification counts under once MAX_NOTIFICATION_COUNTERS are kept and its own is not among them. */
export function overflowCountField(notification: Pick<AlertNotification, 'severity' | 'status'>): string {
  return countField({ alertname: 'other', severity: notification.severity, status: notification.status });
}

export function parseCountField(field: string, count: number): NotificationCount {
  const parsed: unknown = JSON.parse(field);
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`notification count field ${JSON.stringify(field)}: expected ["alertname","severity","status"]`);
  }
  const [alertname, severity, status] = parsed as string[];
  if (status !== 'firing' && status !== 'resolved') {
    throw new Error(`notification count field ${JSON.stringify(field)}: unknown status ${JSON.stringify(status)}`);
  }
  return { alertname, severity, status, count };
}

/** Counts in a stable order (alertname, severity, status), whatever order the store keeps them in. */
export function sortCounts(counts: NotificationCount[]): NotificationCount[] {
  return counts.sort((a, b) => {
    const left = countField(a);
    const right = countField(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

export function matchesFilter(notification: AlertNotification, filter: { readonly project?: string; readonly severity?: string }): boolean {
  if (filter.project !== undefined && notification.project !== filter.project) return false;
  if (filter.severity !== undefined && notification.severity !== filter.severity) return false;
  return true;
}

export function checkReceivedAt(notifications: readonly AlertNotification[]): void {
  notifications.forEach((notification, index) => {
    if (!Number.isFinite(notification.receivedAtMs)) {
      throw new Error(`notification ${index + 1} (${notification.alertname}): receivedAtMs must be a finite number (got ${notification.receivedAtMs})`);
    }
  });
}

export function checkRetention(retentionMs: number, nowMs: number): void {
  if (!Number.isFinite(retentionMs) || retentionMs < 0) throw new Error(`retention must be a finite number of milliseconds >= 0 (got ${retentionMs})`);
  if (!Number.isFinite(nowMs)) throw new Error(`time must be a finite number (got ${nowMs})`);
}
