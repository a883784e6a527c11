/**
 * The traffic generator's batches, as a pure function of a time window: one event per project,
 * region and usage type, with ids derived from the window so a resent window is a duplicate,
 * never counted twice.
 */
import { USAGE_TYPES } from '../../common/metrics/catalogue';
import { DEMO_PROJECTS, storageBytes, usageBetween } from '../usage-model';

export interface DemoEvent {
  readonly id: string;
  readonly project: string;
  readonly region: string;
  readonly type: string;
  readonly value: number;
  readonly timestamp: string;
}

export function usageBatch(regions: readonly string[], fromMs: number, toMs: number, projects: readonly string[] = DEMO_PROJECTS): DemoEvent[] {
  const events: DemoEvent[] = [];
  const timestamp = new Date(toMs).toISOString();
  for (const project of projects) {
    for (const region of regions) {
      for (const type of USAGE_TYPES) {
        const value = type === 'storage_bytes' ? storageBytes(project, region, toMs) : Math.round(usageBetween(project, region, type, fromMs, toMs) * 1000) / 1000;
        events.push({ id: `${project}.${region}.${type}.${fromMs}`, project, region, type, value, timestamp });
      }
    }
  }
  return events;
}
