/**
 * Reads what the real-time document renders from: the project's recent minutes and stored levels,
 * and its newest notifications. Shared by every server of the document (HTTP, live streams).
 */
import type { PulseConfig } from '../config/model';
import type { Store } from '../store/types';
import { realtimeWindowEnd, renderRealtime, type RealtimeDocument } from './realtime';

/** Active alerts are counted among the project's newest notifications, this many at most. */
export const ACTIVE_ALERTS_SCAN = 100;

export async function readRealtime(store: Store, config: PulseConfig, project: string, nowMs: number): Promise<RealtimeDocument> {
  const [recent, notifications] = await Promise.all([
    store.recentUsage({ project, regions: config.regions.map((region) => region.code), beforeMs: realtimeWindowEnd(nowMs) }),
    store.listNotifications({ project, limit: ACTIVE_ALERTS_SCAN }),
  ]);
  return renderRealtime({ project, nowMs, recent, notifications });
}
