/**
 * The alertname and severity of a notification label the notification counters, so their values
 * are bounded there (the history keeps every label as received): an empty value stays empty,
 * anything outside the bounds counts as "other".
 */
import type { AlertNotification } from './types';

/** Severities kept as they are in the notification counters. */
export const KNOWN_SEVERITIES: readonly string[] = ['critical', 'high', 'medium', 'low', 'warning', 'info', 'none'];
/** An alert name as Prometheus writes them, at most 100 characters. */
const ALERTNAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
export const OTHER_LABEL_VALUE = 'other';

function bounded(value: string, allowed: (value: string) => boolean): string {
  if (value === '') return '';
  return allowed(value) ? value : OTHER_LABEL_VALUE;
}

export function counterLabels(notification: Pick<AlertNotification, 'alertname' | 'severity'>): { alertname: string; severity: string } {
  return {
    alertname: bounded(notification.alertname, (name) => ALERTNAME.test(name)),
    severity: bounded(notification.severity, (severity) => KNOWN_SEVERITIES.includes(severity)),
  };
}
