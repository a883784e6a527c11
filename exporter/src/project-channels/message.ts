/**
 * One project alert notification as the project's channels receive it, and how each channel
 * renders it (pure). The delivery id is the same for every repeat of one firing (or resolution)
 * to one channel, so a receiver drops repeats by it.
 */
import { createHash } from 'node:crypto';
import type { AlertNotification } from '../alerts/types';
import { ALERT_ID_LABEL, annotationNumber, DASHBOARD_URL_ANNOTATION, PROJECT_CHANNELS_LABEL } from '../project-alerts/render';
import { PROJECT_CHANNELS, type ProjectChannel } from '../project-alerts/types';
import { messageText, messageTitle } from '../../../alert-rules/src/messages/render-text';
import type { MessageFacts } from '../../../alert-rules/src/messages/wording';

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
  /** The project's dashboard (project_alerts.dashboard_url), or null. */
  readonly dashboard_url: string | null;
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
    dashboard_url: n.annotations[DASHBOARD_URL_ANNOTATION] || null,
    starts_at: n.startsAt,
    ends_at: n.status === 'resolved' ? n.endsAt : null,
  };
}

/** The facts the shared wording (alert-rules/src/messages) reads from a project's message. */
export function messageFacts(m: AlertMessage): MessageFacts {
  const shown = (value: number | null): string | undefined => (value === null ? undefined : String(value));
  return {
    firing: m.status === 'triggered',
    title: m.alert_name,
    severity: m.severity,
    value: shown(m.value),
    condition: m.condition,
    threshold: shown(m.threshold),
    project: m.project_id,
    description: m.description,
    runbookUrl: m.runbook_url,
    dashboardUrl: m.dashboard_url ?? undefined,
    startsAt: m.starts_at,
    endsAt: m.ends_at ?? undefined,
  };
}

/** "[TRIGGERED] Too many minutes: 130 > 100 (project acme, high)". */
export const headline = (m: AlertMessage): string => messageTitle(messageFacts(m));

/** Slack incoming-webhook format: the same text as the operator's Slack receivers. */
export function slackPayload(m: AlertMessage): { text: string } {
  return { text: messageText(messageFacts(m)) };
}

/** The same subject and text as the operator's email receivers, and the delivery id for the receiver's records. */
export function emailMessage(m: AlertMessage): { subject: string; text: string } {
  return { subject: headline(m), text: `${messageText(messageFacts(m))}
Delivery: ${m.delivery_id}
` };
}
