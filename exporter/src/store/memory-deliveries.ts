/** The delivery part of the memory store: one process, so "any replica" is this one. */
import type { DeliveryStore, PendingDelivery } from './types';

export function createMemoryDeliveries(now: () => number = Date.now): DeliveryStore {
  const claims = new Map<string, number>();
  const waiting = new Map<string, { delivery: PendingDelivery; dueMs: number }>();
  // Claims share one time to live in practice, so insertion order is expiry order: stop at the first live one.
  const dropExpiredClaims = (): void => {
    for (const [id, until] of claims) {
      if (until > now()) break;
      claims.delete(id);
    }
  };
  return {
    async claimDelivery(id, ttlMs) {
      dropExpiredClaims();
      if (claims.has(id)) return false;
      claims.set(id, now() + ttlMs);
      return true;
    },
    async scheduleDelivery(delivery, dueMs, max) {
      if (!waiting.has(delivery.id) && waiting.size >= max) return false;
      waiting.set(delivery.id, { delivery, dueMs });
      return true;
    },
    async takeDueDeliveries(nowMs, leaseMs, limit) {
      const due = [...waiting.values()].filter((w) => w.dueMs <= nowMs).sort((a, b) => a.dueMs - b.dueMs).slice(0, limit);
      for (const w of due) w.dueMs = nowMs + leaseMs;
      return due.map((w) => w.delivery);
    },
    async finishDelivery(id) {
      waiting.delete(id);
    },
    async pendingDeliveries() {
      return waiting.size;
    },
  };
}
