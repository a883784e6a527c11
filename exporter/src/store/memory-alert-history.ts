/** The alert-history part of the memory store: notifications in receive order, and counts. */
import type { AlertNotification, NotificationCount } from '../alerts/types';
import { checkReceivedAt, checkRetention, countField, MAX_NOTIFICATION_COUNTERS, matchesFilter, overflowCountField, parseCountField, sortCounts } from './alert-history-rules';
import type { AlertHistoryStore } from './types';

export function createMemoryAlertHistory(): AlertHistoryStore {
  /** Oldest first by receivedAtMs; equal times keep arrival order (as the Redis store does). */
  const history: AlertNotification[] = [];
  const counts = new Map<string, number>();

  const insert = (notification: AlertNotification): void => {
    // Nearly always an append; a late notification with an older time goes to its place.
    let at = history.length;
    while (at > 0 && history[at - 1].receivedAtMs > notification.receivedAtMs) at--;
    history.splice(at, 0, notification);
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
        insert(notification);
        const own = countField(notification);
        const field = counts.has(own) || counts.size < MAX_NOTIFICATION_COUNTERS ? own : overflowCountField(notification);
        counts.set(field, (counts.get(field) ?? 0) + 1);
      }
      const cutoffMs = nowMs - retentionMs;
      const expired = history.findIndex((notification) => notification.receivedAtMs >= cutoffMs);
      history.splice(0, expired === -1 ? history.length : expired);
    },
    async listNotifications(filter) {
      const found: AlertNotification[] = [];
      for (let at = history.length - 1; at >= 0 && found.length < filter.limit; at--) {
        if (matchesFilter(history[at], filter)) found.push(history[at]);
      }
      return found;
    },
    async notificationCounts(): Promise<NotificationCount[]> {
      return sortCounts([...counts].map(([field, count]) => parseCountField(field, count)));
    },
  };
}
