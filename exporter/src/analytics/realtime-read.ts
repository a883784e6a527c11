/**
 * Reads what the real-time document renders from: the project's recent minutes and stored levels,
 * and its newest triggers. Shared by every server of the document (HTTP, live streams).
 */
import type { PulseConfig } from '../config/model';
import type { Store } from '../store/types';
import { realtimeWindowEnd, renderRealtime, type RealtimeDocument } from './realtime';
import { readTriggers, TRIGGERS_MAX_LIMIT } from './triggers';

/** Active alerts are counted among the project's newest triggers, this many at most. */
export const ACTIVE_ALERTS_SCAN = TRIGGERS_MAX_LIMIT;

export async function readRealtime(store: Store, config: PulseConfig, project: string, nowMs: number): Promise<RealtimeDocument> {
  const [recent, triggers] = await Promise.all([
    store.recentUsage({ project, regions: config.regions.map((region) => region.code), beforeMs: realtimeWindowEnd(nowMs) }),
    readTriggers(store, project, ACTIVE_ALERTS_SCAN),
  ]);
  return renderRealtime({ project, nowMs, recent, triggers });
}
