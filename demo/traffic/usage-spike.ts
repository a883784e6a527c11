/**
 * A usage spike for the demo, to see the anomaly flag work: one batch of extra usage for one
 * project, region and usage type, `times − 1` times what the demo's model used in the hour before,
 * so the latest hour (what the forecaster's flag judges) reads `times` its usual level for the
 * next hour. Pure; `main.ts --spike` sends it.
 */
import { USAGE_TYPES, type UsageType } from '../../common/metrics/catalogue';
import { DEMO_PROJECTS, usageBetween } from '../usage-model';
import type { DemoEvent } from './usage-batches';

const HOUR_MS = 3_600_000;
/** The spike's size, as a multiple of the usual hour: from twice to a hundred times. */
export const SPIKE_TIMES = { min: 2, max: 100 } as const;

export interface SpikeTarget {
  readonly project: string;
  readonly region: string;
  readonly type: Exclude<UsageType, 'storage_bytes'>;
}

/** `project/region/type` → the target, or the reason it is not one. */
export function parseSpikeTarget(text: string, regions: readonly string[]): SpikeTarget | { readonly error: string } {
  const [project, region, type, ...rest] = text.split('/');
  if (rest.length > 0 || type === undefined) return { error: `--spike: must be project/region/type, e.g. demo-acme/eu-west/participant_minutes (got "${text}")` };
  if (!(DEMO_PROJECTS as readonly string[]).includes(project)) return { error: `--spike: project must be one of ${DEMO_PROJECTS.join(', ')} (got "${project}")` };
  if (!regions.includes(region)) return { error: `--spike: region must be one of ${regions.join(', ')} (got "${region}")` };
  const counters = USAGE_TYPES.filter((t) => t !== 'storage_bytes');
  if (!(counters as readonly string[]).includes(type)) return { error: `--spike: type must be one of ${counters.join(', ')} (storage is a level, not usage that can spike; got "${type}")` };
  return { project, region, type: type as SpikeTarget['type'] };
}

/** `--times` → a number within SPIKE_TIMES, or the reason it is not one. */
export function parseSpikeTimes(text: string): number | { readonly error: string } {
  const times = Number(text);
  if (!Number.isFinite(times) || times < SPIKE_TIMES.min || times > SPIKE_TIMES.max) {
    return { error: `--times: must be a number from ${SPIKE_TIMES.min} to ${SPIKE_TIMES.max} (got "${text}")` };
  }
  return times;
}

export function spikeEvent(target: SpikeTarget, times: number, nowMs: number): DemoEvent {
  const usualHour = usageBetween(target.project, target.region, target.type, nowMs - HOUR_MS, nowMs);
  return {
    id: `spike.${target.project}.${target.region}.${target.type}.${nowMs}`,
    ...target,
    value: Math.round((times - 1) * usualHour * 1000) / 1000,
    timestamp: new Date(nowMs).toISOString(),
  };
}
