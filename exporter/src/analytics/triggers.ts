/**
 * A project's triggers in the original design's `AlertTrigger` terms: one list for
 * `GET /analytics/triggers/:project_id` and the real-time document (`recent_triggers`,
 * `active_alerts`), so the two always agree.
 * - `source: "project"`: a firing of an alert the project defined through the API, from its
 *   lifecycle record; `id` is the one `/triggers/:id/acknowledge` and `/resolve` take, and
 *   `acknowledgeable` is true until it is resolved.
 * - `source: "rules"`: a firing of an operator (YAML-spec) alert scoped to the project, from the
 *   webhook's notification history; one entry per firing (alert instance and start), `triggered`
 *   or `resolved` by its newest notification. The operator owns those alerts (silences in
 *   Alertmanager), so the project cannot acknowledge them: `acknowledgeable` is false.
 * Every id is the same on every replica.
 */
import { createHash } from 'node:crypto';
import type { AlertNotification } from '../alerts/types';
import { PROJECT_ALERT_NAME } from '../project-alerts/alert-spec';
import { openedTrigger, projectAlertId } from '../project-alerts/lifecycle';
import { ALERT_ID_LABEL, annotationNumber } from '../project-alerts/render';
import type { ProjectTrigger, TriggerStatus } from '../project-alerts/trigger-types';
import type { AlertHistoryStore, ProjectTriggerStore } from '../store/types';

export const TRIGGERS_DEFAULT_LIMIT = 20;
export const TRIGGERS_MAX_LIMIT = 100;
/** Operator firings are gathered from the project's newest notifications, this many at most. */
export const RULE_NOTIFICATIONS_SCAN = 200;

export type { TriggerStatus };
export type TriggerSource = 'project' | 'rules';

export interface Trigger {
  readonly id: string;
  readonly source: TriggerSource;
  readonly acknowledgeable: boolean;
  /** The project alert's id; null for an operator alert. */
  readonly alert_id: string | null;
  readonly alert_name: string;
  readonly status: TriggerStatus;
  readonly severity: string;
  readonly message: string;
  /** The value that crossed and the threshold it crossed, when known. */
  readonly value: number | null;
  readonly threshold: number | null;
  readonly triggered_at: string;
  readonly acknowledged_at: string | null;
  readonly acknowledged_by: string | null;
  readonly resolved_at: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

/** The project's triggers of both sources, newest firing first, at most `limit`. */
export async function readTriggers(store: AlertHistoryStore & ProjectTriggerStore, project: string, limit: number): Promise<Trigger[]> {
  const [lifecycle, notifications] = await Promise.all([store.projectTriggers(project, limit), store.listNotifications({ project, limit: RULE_NOTIFICATIONS_SCAN })]);
  return mergeTriggers(lifecycle.map(projectTrigger), ruleTriggers(notifications), limit);
}

/** Newest `triggered_at` first; equal starts by id, so every replica lists the same order. */
export function mergeTriggers(a: readonly Trigger[], b: readonly Trigger[], limit: number): Trigger[] {
  return [...a, ...b].sort((x, y) => (x.triggered_at === y.triggered_at ? (x.id < y.id ? -1 : 1) : x.triggered_at < y.triggered_at ? 1 : -1)).slice(0, limit);
}

/** Triggers not yet resolved (acknowledged ones still fire, silenced). */
export const activeCount = (triggers: readonly Trigger[]): number => triggers.filter((t) => t.status !== 'resolved').length;

export function projectTrigger(t: ProjectTrigger): Trigger {
  return {
    id: t.id,
    source: 'project',
    acknowledgeable: t.status !== 'resolved',
    alert_id: t.alert_id,
    alert_name: t.alert_name,
    status: t.status,
    severity: t.severity,
    message: t.value === null || t.threshold === null ? t.alert_name : `${t.alert_name}: ${t.value} against threshold ${t.threshold}`,
    value: t.value,
    threshold: t.threshold,
    triggered_at: t.triggered_at,
    acknowledged_at: t.acknowledged_at,
    acknowledged_by: t.acknowledged_by,
    resolved_at: t.resolved_at,
    labels: {},
  };
}

/** The operator alerts' firings among notifications given newest first (project alerts have lifecycle records). */
export function ruleTriggers(notifications: readonly AlertNotification[]): Trigger[] {
  const firings = new Map<string, AlertNotification[]>();
  for (const n of notifications) {
    if (n.alertname === PROJECT_ALERT_NAME && n.labels[ALERT_ID_LABEL]) continue;
    const key = JSON.stringify([n.fingerprint || n.labels, n.startsAt]);
    firings.set(key, [...(firings.get(key) ?? []), n]);
  }
  return [...firings.entries()].map(([key, group]) => ruleTrigger(key, group));
}

/**
 * One notification as it arrives (the live streams' alertNotification), in the trigger list's terms
 * and id: a project alert's as its lifecycle trigger (source "project", the id acknowledge takes),
 * an operator alert's as a rules trigger.
 */
export function notificationTrigger(notification: AlertNotification): Trigger {
  const alertId = projectAlertId(notification);
  if (alertId !== undefined) {
    const trigger = projectTrigger(openedTrigger(notification, alertId));
    return notification.status === 'firing' ? trigger : { ...trigger, status: 'resolved', acknowledgeable: false, resolved_at: isoTime(notification.endsAt || new Date(notification.receivedAtMs).toISOString()) };
  }
  return ruleTrigger(JSON.stringify([notification.fingerprint || notification.labels, notification.startsAt]), [notification]);
}

function ruleTrigger(key: string, group: readonly AlertNotification[]): Trigger {
  const newest = group[0];
  const described = group.find((n) => n.status === 'firing') ?? newest;
  const resolved = newest.status === 'resolved';
  return {
    id: createHash('sha256').update(key).digest('hex').slice(0, 16),
    source: 'rules',
    acknowledgeable: false,
    alert_id: null,
    alert_name: newest.alertname,
    status: resolved ? 'resolved' : 'triggered',
    severity: newest.severity,
    message: described.annotations.summary ?? described.annotations.description ?? described.alertname,
    value: annotationNumber(described.annotations.value),
    threshold: annotationNumber(described.annotations.threshold),
    triggered_at: isoTime(newest.startsAt),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: resolved && newest.endsAt ? isoTime(newest.endsAt) : null,
    labels: newest.labels,
  };
}

/** Alertmanager's times as ISO 8601 in UTC; a time that does not parse is passed on as given. */
function isoTime(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}
