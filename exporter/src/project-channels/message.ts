/**
 * One project alert notification as the project's channels receive it, and how each channel
 * renders it (pure). The delivery id is the same for every repeat of one firing (or resolution)
 * to one channel, so a receiver drops repeats by it.
 */
import { createHash } from 'node:crypto';
import type { AlertNotification } from '../alerts/types';
import { ALERT_ID_LABEL, annotationNumber, PROJECT_CHANNELS_LABEL } from '../project-alerts/render';
import { PROJECT_CHANNELS, type ProjectChannel } from '../project-alerts/types';

export interface AlertMessage {
  readonly delivery_id: string;
  readonly project_id: string;
  readonly alert_id: string;
  readonly alert_name: string;
  /** The original design's lifecycle words. */
  readonly status: 'triggered' | 'resolved';
  readonly severity: string;
  readonly value: number | null;
  readonly condition: string;
  readonly threshold: number | null;
  readonly description: string;
  readonly runbook_url: string;
  readonly starts_at: string;
  readonly ends_at: string | null;
}

export function channelsOf(notification: AlertNotification): ProjectChannel[] {
  const named = (notification.labels[PROJECT_CHANNELS_LABEL] ?? '').split(',');
  return PROJECT_CHANNELS.filter((c) => named.includes(c));
}


export function toMessage(n: AlertNotification, channel: ProjectChannel): AlertMessage {
  const alertId = n.labels[ALERT_ID_LABEL] ?? '';
  const id = createHash('sha256').update(JSON.stringify([n.project, alertId, n.startsAt, n.status, channel])).digest('hex').slice(0, 32);
  return {
    delivery_id: id,
    project_id: n.project,
    alert_id: alertId,
    alert_name: n.annotations.summary ?? n.alertname,
    status: n.status === 'firing' ? 'triggered' : 'resolved',
    severity: n.severity,
    value: annotationNumber(n.annotations.value),
    condition: n.annotations.condition ?? '',
    threshold: annotationNumber(n.annotations.threshold),
    description: n.annotations.description ?? '',
    runbook_url: n.annotations.runbook_url ?? '',
    starts_at: n.startsAt,
    ends_at: n.status === 'resolved' ? n.endsAt : null,
  };
}

const SYMBOL: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=', ne: '≠' };

/** "Too many minutes: 130 > 100 (project acme, high)". */
export function headline(m: AlertMessage): string {
  const state = m.status === 'triggered' ? 'TRIGGERED' : 'RESOLVED';
  const comparison = m.value === null ? '' : `: ${m.value} ${SYMBOL[m.condition] ?? m.condition} ${m.threshold ?? '?'}`;
  return `[${state}] ${m.alert_name}${comparison} (project ${m.project_id}, ${m.severity})`;
}

/** Slack incoming-webhook format. */
export function slackPayload(m: AlertMessage): { text: string; blocks: unknown[] } {
  const text = `${headline(m)}\n${m.description}\nRunbook: <${m.runbook_url}|${m.runbook_url}>`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${headline(m)}*\n${m.description}\n<${m.runbook_url}|Runbook>` } }] };
}

export function emailMessage(m: AlertMessage): { subject: string; text: string } {
  return {
    subject: headline(m),
    text: [headline(m), '', m.description, '', `Started: ${m.starts_at}`, ...(m.ends_at ? [`Ended: ${m.ends_at}`] : []), `Runbook: ${m.runbook_url}`, `Delivery: ${m.delivery_id}`, ''].join('\n'),
  };
}
