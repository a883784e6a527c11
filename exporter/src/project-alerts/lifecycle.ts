/**
 * The trigger lifecycle, triggered → acknowledged → resolved:
 * - a firing that reaches the webhook opens a trigger (once: its id is a hash of project, alert
 *   and start, the same on every replica); its resolved notification resolves it;
 * - acknowledging creates an Alertmanager silence for that alert instance, so notifications (and
 *   anything Alertmanager would send again) stop;
 * - a silenced alert sends no resolved notification, so Pulse watches acknowledged triggers in
 *   Prometheus' ALERTS and resolves them itself once the alert is neither pending nor firing,
 *   expiring the silence;
 * - the project may resolve a trigger itself only once its condition no longer holds (409 while
 *   the alert still fires: acknowledge it instead). A new firing afterwards is a new trigger.
 */
import { createHash } from 'node:crypto';
import type { AlertNotification } from '../alerts/types';
import type { AlertmanagerApi } from '../project-rules/alertmanager-api';
import type { PrometheusApi } from '../project-rules/prometheus-api';
import type { ProjectTriggerStore } from '../store/types';
import { PROJECT_ALERT_NAME } from './alert-spec';
import { alertsQuery } from './check';
import { ALERT_ID_LABEL, annotationNumber } from './render';
import type { ProjectTrigger } from './trigger-types';

/** An acknowledgement's silence lasts until the resolution, at most this long. */
export const ACK_SILENCE_MAX_MS = 7 * 86_400_000;

export function triggerId(project: string, alertId: string, startsAt: string): string {
  return createHash('sha256').update(JSON.stringify([project, alertId, Date.parse(startsAt)])).digest('hex').slice(0, 24);
}


/** The trigger a project alert's firing opens (its id from project, alert and start), as stored and as streamed live. */
export function openedTrigger(n: AlertNotification, alertId: string): ProjectTrigger {
  return {
    id: triggerId(n.project, alertId, n.startsAt),
    project_id: n.project,
    alert_id: alertId,
    alert_name: n.annotations.summary ?? n.alertname,
    severity: n.severity,
    status: 'triggered',
    value: annotationNumber(n.annotations.value),
    threshold: annotationNumber(n.annotations.threshold),
    triggered_at: new Date(Date.parse(n.startsAt)).toISOString(),
    acknowledged_at: null,
    acknowledged_by: null,
    comment: null,
    resolved_at: null,
    resolved_by: null,
    silence_id: null,
  };
}

/** The project alert's id carried by a notification, when it is one of a project's run-time alerts with a usable start. */
export function projectAlertId(n: AlertNotification): string | undefined {
  const alertId = n.labels[ALERT_ID_LABEL];
  return n.alertname === PROJECT_ALERT_NAME && alertId && n.project && Number.isFinite(Date.parse(n.startsAt)) ? alertId : undefined;
}

/** Opens a trigger per firing and resolves it on its resolved notification. */
export async function applyNotifications(store: ProjectTriggerStore, notifications: readonly AlertNotification[], nowMs: number): Promise<void> {
  for (const n of notifications) {
    const alertId = projectAlertId(n);
    if (alertId === undefined) continue;
    const id = triggerId(n.project, alertId, n.startsAt);
    if (n.status === 'firing') {
      await store.openTrigger(openedTrigger(n, alertId));
      continue;
    }
    const open = await store.trigger(id);
    if (open && open.status !== 'resolved') await store.putTrigger(resolved(open, 'condition', nowMs));
  }
}

function resolved(trigger: ProjectTrigger, by: 'condition' | 'project', nowMs: number): ProjectTrigger {
  return { ...trigger, status: 'resolved', resolved_at: new Date(nowMs).toISOString(), resolved_by: by, silence_id: null };
}

export type LifecycleOutcome = { readonly ok: true; readonly trigger: ProjectTrigger } | { readonly ok: false; readonly status: 404 | 409; readonly error: string };

export interface TriggerLifecycleDeps {
  readonly store: ProjectTriggerStore;
  readonly prometheus: PrometheusApi;
  readonly alertmanager: AlertmanagerApi;
  readonly now?: () => number;
}

export function createTriggerLifecycle({ store, prometheus, alertmanager, now = Date.now }: TriggerLifecycleDeps) {
  /** Alert ids of the project that are pending or firing now. */
  async function activeAlertIds(project: string): Promise<Set<string>> {
    return new Set((await prometheus.query(alertsQuery(project))).map((s) => s.labels[ALERT_ID_LABEL]));
  }

  async function close(trigger: ProjectTrigger, by: 'condition' | 'project'): Promise<ProjectTrigger> {
    if (trigger.silence_id) await alertmanager.expireSilence(trigger.silence_id);
    const done = resolved(trigger, by, now());
    await store.putTrigger(done);
    return done;
  }

  return {
    async acknowledge(trigger: ProjectTrigger, by: string | undefined, comment: string | undefined): Promise<LifecycleOutcome> {
      if (trigger.status !== 'triggered') return { ok: false, status: 409, error: `trigger "${trigger.id}" is already ${trigger.status}` };
      const silenceId = await alertmanager.createSilence({
        matchers: [
          { name: 'alertname', value: PROJECT_ALERT_NAME },
          { name: 'project', value: trigger.project_id },
          { name: ALERT_ID_LABEL, value: trigger.alert_id },
        ],
        endsAtMs: now() + ACK_SILENCE_MAX_MS,
        createdBy: by ?? `pulse project ${trigger.project_id}`,
        comment: comment ?? `acknowledged trigger ${trigger.id}`,
      });
      const acknowledged: ProjectTrigger = { ...trigger, status: 'acknowledged', acknowledged_at: new Date(now()).toISOString(), acknowledged_by: by ?? null, comment: comment ?? null, silence_id: silenceId };
      await store.putTrigger(acknowledged);
      return { ok: true, trigger: acknowledged };
    },

    async resolve(trigger: ProjectTrigger): Promise<LifecycleOutcome> {
      if (trigger.status === 'resolved') return { ok: false, status: 409, error: `trigger "${trigger.id}" is already resolved` };
      if ((await activeAlertIds(trigger.project_id)).has(trigger.alert_id)) {
        return { ok: false, status: 409, error: `trigger "${trigger.id}" cannot be resolved: its condition still holds (the alert is active in Prometheus); acknowledge it, or change the alert` };
      }
      return { ok: true, trigger: await close(trigger, 'project') };
    },

    /** Resolves acknowledged triggers whose alert is no longer active; resolves how many it closed. */
    async watchResolutions(): Promise<number> {
      const acknowledged = await store.acknowledgedTriggers();
      let closed = 0;
      for (const project of new Set(acknowledged.map((t) => t.project_id))) {
        const active = await activeAlertIds(project);
        for (const trigger of acknowledged.filter((t) => t.project_id === project && !active.has(t.alert_id))) {
          await close(trigger, 'condition');
          closed++;
        }
      }
      return closed;
    },
  };
}

export type TriggerLifecycle = ReturnType<typeof createTriggerLifecycle>;
