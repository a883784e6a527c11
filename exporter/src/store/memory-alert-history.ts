/**
 * The alert-history part of the memory store: notifications in receive order, the same per
 * project (so a project's read scans only its own, as in Redis), and counts.
 */
import type { AlertNotification, NotificationCount } from '../alerts/types';
import { checkReceivedAt, checkRetention, countField, MAX_NOTIFICATION_COUNTERS, matchesFilter, overflowCountField, parseCountField, sortCounts } from './alert-history-rules';
import type { AlertHistoryStore } from './types';

export function createMemoryAlertHistory(): AlertHistoryStore {
  /** Oldest first by receivedAtMs; equal times keep arrival order (as the Redis store does). */
  const history: AlertNotification[] = [];
  const byProject = new Map<string, AlertNotification[]>();
  const counts = new Map<string, number>();

  const insert = (list: AlertNotification[], notification: AlertNotification): void => {
    // Nearly always an append; a late notification with an older time goes to its place.
    let at = list.length;
    while (at > 0 && list[at - 1].receivedAtMs > notification.receivedAtMs) at--;
    list.splice(at, 0, notification);
  };
  const trim = (list: AlertNotification[], cutoffMs: number): void => {
    const expired = list.findIndex((notification) => notification.receivedAtMs >= cutoffMs);
    list.splice(0, expired === -1 ? list.length : expired);
  };

  return {
    async addNotifications(notifications, retentionMs, nowMs) {
      try {
        checkRetention(retentionMs, nowMs);
        checkReceivedAt(notifications);
      } catch (error) {
        throw new Error(`memory store: add notifications: ${(error as Error).message}`, { cause: error });
      }
      for (const notification of notifications) {
        insert(history, notification);
        if (!byProject.has(notification.project)) byProject.set(notification.project, []);
        insert(byProject.get(notification.project)!, notification);
        const own = countField(notification);
        const field = counts.has(own) || counts.size < MAX_NOTIFICATION_COUNTERS ? own : overflowCountField(notification);
        counts.set(field, (counts.get(field) ?? 0) + 1);
      }
      const cutoffMs = nowMs - retentionMs;
      trim(history, cutoffMs);
      for (const [project, list] of byProject) {
        trim(list, cutoffMs);
        if (list.length === 0) byProject.delete(project);
      }
    },
    async listNotifications(filter) {
      const found: AlertNotification[] = [];
      const list = filter.project === undefined ? history : (byProject.get(filter.project) ?? []);
      for (let at = list.length - 1; at >= 0 && found.length < filter.limit; at--) {
        if (matchesFilter(list[at], filter)) found.push(list[at]);
      }
      return found;
    },
    async notificationCounts(): Promise<NotificationCount[]> {
      return sortCounts([...counts].map(([field, count]) => parseCountField(field, count)));
    },
  };
}
