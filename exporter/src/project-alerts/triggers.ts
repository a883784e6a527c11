/** What the alert webhook tells project alerts: each firing counts once, by its start time. */
import type { AlertNotification } from '../alerts/types';
import type { ProjectAlertStore, ProjectTriggerStore } from '../store/types';
import { PROJECT_ALERT_NAME } from './alert-spec';
import { applyNotifications } from './lifecycle';
import { ALERT_ID_LABEL } from './render';

/**
 * Counts firings on their alerts and opens or resolves their triggers. Idempotent (Alertmanager
 * repeats notifications and retries deliveries), so it may run before the history is written.
 */
export async function recordProjectTriggers(store: ProjectAlertStore & ProjectTriggerStore, notifications: readonly AlertNotification[], nowMs = Date.now()): Promise<void> {
  await applyNotifications(store, notifications, nowMs);
  for (const n of notifications) {
    const id = n.labels[ALERT_ID_LABEL];
    const startsAtMs = Date.parse(n.startsAt);
    if (n.status !== 'firing' || n.alertname !== PROJECT_ALERT_NAME || !id || !n.project || !Number.isFinite(startsAtMs)) continue;
    await store.recordAlertTrigger(n.project, id, startsAtMs);
  }
}
