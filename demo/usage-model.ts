/**
 * The demo's usage, as a pure function of time: per project, region and usage type, a rate with
 * a daily cycle (in the region's local time), a weekly cycle, slow growth and seeded noise. The
 * history backfill and the live traffic generator both draw from it, so the two join up.
 */
import type { UsageType } from '../common/metrics/catalogue';

export const DEMO_PROJECTS = ['demo-acme', 'demo-globex', 'demo-initech'] as const;

/** UTC offset in hours of each demo region, for its daily cycle. */
export const DEMO_REGION_OFFSETS: Readonly<Record<string, number>> = {
  'us-east': -5,
  'us-west': -8,
  'eu-west': 0,
  'eu-central': 1,
  'asia-south': 5.5,
  'asia-east': 9,
};

const PROJECT_SCALE: Readonly<Record<string, number>> = { 'demo-acme': 1, 'demo-globex': 0.45, 'demo-initech': 0.15 };

/** Units per minute at scale 1 and peak hour. */
const TYPE_PER_MINUTE: Readonly<Record<Exclude<UsageType, 'storage_bytes'>, number>> = {
  participant_minutes: 2400,
  egress_minutes: 60,
  bandwidth_bytes: 2.5e9,
  // Low enough that no project reaches ApiRequestsHigh (1000 a minute over all regions) unaided.
  api_requests: 75,
};

const DAY_MS = 86_400_000;
/** A fixed origin so growth and noise do not depend on when the demo runs. */
const ORIGIN_MS = Date.UTC(2026, 0, 1);

/** A deterministic value in [0, 1) from a string and a number (FNV-1a, then xorshift). */
export function hashUnit(key: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ n, 16777619) ^ (n >>> 16);
  h ^= h << 13;
  h ^= h >>> 17;
  h ^= h << 5;
  return (h >>> 0) / 4294967296;
}

function dailyCycle(region: string, timeMs: number): number {
  const localHour = (((timeMs / 3_600_000 + (DEMO_REGION_OFFSETS[region] ?? 0)) % 24) + 24) % 24;
  // Quiet at night, a working-day hump peaking mid-afternoon.
  const day = Math.max(0, Math.sin((Math.PI * (localHour - 6)) / 17));
  return 0.12 + 0.88 * day ** 1.4;
}

function weeklyCycle(region: string, timeMs: number): number {
  const localDay = new Date(timeMs + (DEMO_REGION_OFFSETS[region] ?? 0) * 3_600_000).getUTCDay();
  return localDay === 0 ? 0.45 : localDay === 6 ? 0.6 : 1;
}

/**
 * Growth from 1 towards `1 + most`, fast at first and slower each day: usage trends upward on any
 * date, yet stays bounded, so the demo never outgrows its own limits (a straight line did: usage
 * grew 0.4 % a day, storage 1 %, and a year on every quota was crossed).
 */
function boundedGrowth(timeMs: number, most: number): number {
  const days = Math.max(0, (timeMs - ORIGIN_MS) / DAY_MS);
  return 1 + most * (1 - Math.exp(-days / 365));
}

const growth = (timeMs: number) => boundedGrowth(timeMs, 0.5);

/** Usage per minute of a counter type at `timeMs`. */
export function usagePerMinute(project: string, region: string, type: Exclude<UsageType, 'storage_bytes'>, timeMs: number): number {
  const minute = Math.floor(timeMs / 60_000);
  const noise = 0.85 + 0.3 * hashUnit(`${project}/${region}/${type}`, minute);
  const regionWeight = 0.5 + hashUnit(`${project}/${region}`, 0);
  return TYPE_PER_MINUTE[type] * (PROJECT_SCALE[project] ?? 0.1) * regionWeight * dailyCycle(region, timeMs) * weeklyCycle(region, timeMs) * growth(timeMs) * noise;
}

/**
 * Storage in use (bytes) at `timeMs`: grows steadily, with a little daily churn; a project's
 * regions together stay under StorageAboveQuota's 1 TiB, each region under the forecaster's capacity.
 */
export function storageBytes(project: string, region: string, timeMs: number): number {
  const base = 3e10 * (PROJECT_SCALE[project] ?? 0.1) * (0.5 + hashUnit(`${project}/${region}`, 1));
  return Math.round(base * boundedGrowth(timeMs, 2) * (0.98 + 0.04 * hashUnit(`${project}/${region}/storage`, Math.floor(timeMs / 3_600_000))));
}

/** Usage in [fromMs, toMs) of a counter type, integrated in steps (a minute by default). */
export function usageBetween(project: string, region: string, type: Exclude<UsageType, 'storage_bytes'>, fromMs: number, toMs: number, stepMs = 60_000): number {
  let total = 0;
  for (let t = fromMs; t < toMs; t += stepMs) total += usagePerMinute(project, region, type, t) * (Math.min(stepMs, toMs - t) / 60_000);
  return total;
}
