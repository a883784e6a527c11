/**
 * The seed's `regionsAPI` and `analyticsAPI` read functions, called as its frontend calls them,
 * against a running Pulse (the local stack): every field the seed documents is checked for type
 * and meaning. The stack's loads and latencies move, so the checks are the documents' own rules
 * (units, ranges, sums, orders), not fixed values. Used by scripts/stack/stack.e2e.test.ts.
 */
import { CSV_COLUMNS } from '../../../export/src/row-formats';
import { eventually } from '../testing/exporter-process';
import { USAGE_TYPE_TABLE } from '../analytics/metric-types';
import { seedAnalyticsAPI } from './seed-analytics-client';
import { SeedApiError, seedRegionsAPI } from './seed-regions-client';

type Json = Record<string, unknown>;
const HEALTH_STATUSES = ['healthy', 'degraded', 'down'];
const TREND_STABLE_PERCENT = 5;
const isIsoTime = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value));

async function rejection(call: Promise<unknown>): Promise<SeedApiError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SeedApiError);
  return error as SeedApiError;
}

/** RegionConfig: the seed's fields with their meanings, among the regions `codes`. */
function expectRegion(region: Json, codes: readonly string[]): void {
  expect(codes).toContain(region.code);
  expect(typeof region.name).toBe('string');
  expect(new URL(region.livekit_url as string).protocol).toMatch(/^(wss?|https?):$/);
  expect(typeof region.is_active).toBe('boolean');
  expect(Number.isInteger(region.priority)).toBe(true);
  expect(region.max_capacity as number).toBeGreaterThan(0);
  expect(region.current_load as number).toBeGreaterThanOrEqual(0);
  expect(HEALTH_STATUSES).toContain(region.health_status);
  // An average of probe round trips, in ms: a number once probed, never negative.
  if (region.average_latency !== null) expect(region.average_latency as number).toBeGreaterThanOrEqual(0);
  for (const failover of region.failover_regions as string[]) expect(codes.filter((c) => c !== region.code)).toContain(failover);
}

/** RegionHealth: status, latency, load percentage, last check. */
function expectRegionHealth(health: Json, codes: readonly string[]): void {
  expect(codes).toContain(health.region_code);
  expect(HEALTH_STATUSES).toContain(health.status);
  if (health.latency !== null) expect(health.latency as number).toBeGreaterThanOrEqual(0);
  expect(health.load_percentage as number).toBeGreaterThanOrEqual(0);
  expect(isIsoTime(health.last_check)).toBe(true);
}

export async function checkSeedRegionsAPI(exporterUrl: string): Promise<void> {
  const regionsAPI = seedRegionsAPI(exporterUrl);
  const all = (await regionsAPI.getAllRegions()) as { regions: Json[]; count: number };
  const codes = all.regions.map((r) => r.code as string);
  expect(all.count).toBe(codes.length);
  expect(codes.length).toBeGreaterThan(0);
  all.regions.forEach((region) => expectRegion(region, codes));

  const one = (await regionsAPI.getRegionByCode(codes[0])) as Json;
  expectRegion(one, codes);
  expect(one.code).toBe(codes[0]);
  expect((await rejection(regionsAPI.getRegionByCode('no-such-region'))).status).toBe(404);

  const health = (await regionsAPI.getRegionHealth(codes[0])) as Json;
  expectRegionHealth(health, codes);
  expect(health.region_code).toBe(codes[0]);
  const allHealth = (await regionsAPI.getAllRegionHealth()) as { regions: Json[]; count: number };
  expect(allHealth.regions.map((h) => h.region_code)).toEqual(codes);
  allHealth.regions.forEach((h) => expectRegionHealth(h, codes));

  const stats = (await regionsAPI.getRegionStats()) as Json;
  expect(stats.total_regions).toBe(codes.length);
  expect(stats.total_capacity).toBe(all.regions.reduce((sum, r) => sum + (r.max_capacity as number), 0));
  expect(stats.healthy_regions as number).toBeLessThanOrEqual(stats.active_regions as number);
  expect(stats.load_percentage).toBeCloseTo(((stats.total_load as number) / (stats.total_capacity as number)) * 100, 2);

  const preferred = codes[codes.length - 1];
  const nearest = (await regionsAPI.findNearestRegion({ client_ip: '203.0.113.7', preferred_region: preferred, latencies: codes.map((region_code, i) => ({ region_code, latency: 10 + i })) })) as {
    primary_region: Json;
    fallback_regions: Json[];
    recommended_url: string;
    fallback_urls: string[];
  };
  expectRegion(nearest.primary_region, codes);
  expect(nearest.recommended_url).toBe(nearest.primary_region.livekit_url);
  nearest.fallback_regions.forEach((region) => expectRegion(region, codes));
  expect(nearest.fallback_regions.map((r) => r.code)).not.toContain(nearest.primary_region.code);
  expect(nearest.fallback_urls).toEqual(nearest.fallback_regions.map((r) => r.livekit_url));
}

/** The document's rule: the % change from the 15 minutes before (100 from nothing), stable within ±5 %. */
function expectTrendMeaning(metric: Json): void {
  const [value, previous, change] = [metric.value as number, metric.previous_value as number, metric.change_rate as number];
  const expected = previous === 0 ? (value === 0 ? 0 : 100) : ((value - previous) / previous) * 100;
  expect(change).toBeCloseTo(expected, 1);
  expect(metric.trend).toBe(change > TREND_STABLE_PERCENT ? 'up' : change < -TREND_STABLE_PERCENT ? 'down' : 'stable');
}

function expectTrigger(trigger: Json): void {
  expect(typeof trigger.id).toBe('string');
  expect(['triggered', 'acknowledged', 'resolved']).toContain(trigger.status);
  expect(typeof trigger.severity).toBe('string');
  expect(typeof trigger.message).toBe('string');
  for (const field of ['value', 'threshold']) if (trigger[field] !== null) expect(typeof trigger[field]).toBe('number');
  expect(isIsoTime(trigger.triggered_at)).toBe(true);
  expect(trigger.resolved_at === null || (trigger.status === 'resolved' && isIsoTime(trigger.resolved_at))).toBe(true);
}

async function checkRealtime(analyticsAPI: ReturnType<typeof seedAnalyticsAPI>, project: string): Promise<void> {
  // The traffic generator reports every 15 s; the window is the 15 whole minutes before this one.
  const dashboard = await eventually('participant minutes in the real-time window', async () => {
    const answer = (await analyticsAPI.getRealTimeDashboard(project)) as Json & { metrics: Json[] };
    return (answer.metrics[0]?.value as number) > 0 ? answer : undefined;
  }, 180_000);
  expect(dashboard.project_id).toBe(project);
  expect(isIsoTime(dashboard.timestamp)).toBe(true);
  expect(dashboard.metrics.map((m) => m.metric_name)).toEqual(Object.values(USAGE_TYPE_TABLE).map((t) => t.displayName));
  for (const metric of dashboard.metrics) {
    expect(metric.value as number).toBeGreaterThanOrEqual(0);
    expect(typeof metric.unit).toBe('string');
    expect(metric.timestamp).toBe(dashboard.timestamp);
    expect(Date.parse(metric.window_end as string) - Date.parse(metric.window_start as string)).toBe(15 * 60_000);
    expectTrendMeaning(metric);
  }
  expect(Number.isInteger(dashboard.active_alerts) && (dashboard.active_alerts as number) >= 0).toBe(true);
  (dashboard.recent_triggers as Json[]).forEach(expectTrigger);
  // Top events: the largest usage by region and type in the window, each its share of the type's value.
  const events = dashboard.top_events as Json[];
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    const metric = dashboard.metrics.find((m) => m.metric_name === event.metric_name)!;
    expect(event.value as number).toBeGreaterThan(0);
    expect(event.value as number).toBeLessThanOrEqual((metric.value as number) * (1 + 1e-9));
    expect(event.share).toBeCloseTo(((event.value as number) / (metric.value as number)) * 100, 1);
  }
  expect(events.map((e) => e.share as number)).toEqual(events.map((e) => e.share as number).sort((a, b) => b - a));
}

async function checkTriggers(analyticsAPI: ReturnType<typeof seedAnalyticsAPI>, project: string): Promise<void> {
  const answer = (await analyticsAPI.getRecentTriggers(project, 5)) as { triggers: Json[]; count: number };
  expect(answer.triggers.length).toBeLessThanOrEqual(5);
  expect(answer.count).toBe(answer.triggers.length);
  answer.triggers.forEach(expectTrigger);
  const times = answer.triggers.map((t) => Date.parse(t.received_at as string));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  for (const limit of [0, 101]) {
    const bad = await rejection(analyticsAPI.getRecentTriggers(project, limit));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('limit');
  }
}

async function checkForecast(analyticsAPI: ReturnType<typeof seedAnalyticsAPI>, project: string): Promise<void> {
  for (const metricType of ['participant_minutes', 'storage_usage']) {
    const answer = (await analyticsAPI.forecastUsage(project, metricType, 7)) as { forecasts: Json[]; count: number; metric: string; days: number };
    expect(answer).toMatchObject({ count: 7, metric: metricType, days: 7 });
    const days = answer.forecasts.map((f) => Date.parse(f.forecast_date as string));
    expect(days.slice(1).map((day, i) => day - days[i])).toEqual(Array(6).fill(86_400_000));
    for (const forecast of answer.forecasts) {
      expect(forecast.confidence_low as number).toBeLessThanOrEqual(forecast.predicted_value as number);
      expect(forecast.predicted_value as number).toBeLessThanOrEqual(forecast.confidence_high as number);
      expect(typeof forecast.model).toBe('string');
      // Accuracy in percent, once the forecaster has scored its past forecasts.
      if (forecast.accuracy !== null) expect(forecast.accuracy as number).toBeGreaterThanOrEqual(0);
      if (forecast.accuracy !== null) expect(forecast.accuracy as number).toBeLessThanOrEqual(100);
    }
  }
  expect((await rejection(analyticsAPI.forecastUsage(project, 'no_such_metric', 7))).status).toBe(400);
  expect((await rejection(analyticsAPI.forecastUsage(project, 'participant_minutes', 91))).status).toBe(400);
}

async function checkExport(exporterUrl: string, key: string, analyticsAPI: ReturnType<typeof seedAnalyticsAPI>, project: string): Promise<void> {
  const day = (daysAgo: number): string => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const started = (await analyticsAPI.exportAnalytics(project, { export_type: 'csv', date_from: day(2), date_to: day(1), metrics: ['participant_minutes', 'api_request'] })) as Json;
  expect(started).toMatchObject({ status: 'pending' });
  const exportId = started.export_id as string;
  const seen = new Set<unknown>();
  const done = await eventually('the export finished', async () => {
    const status = (await analyticsAPI.getExportStatus(exportId)) as Json;
    seen.add(status.status);
    return status.status === 'completed' || status.status === 'failed' ? status : undefined;
  }, 60_000);
  expect({ status: done.status, error: done.error }).toEqual({ status: 'completed', error: null });
  for (const status of seen) expect(['pending', 'processing', 'completed']).toContain(status);
  expect(typeof done.file_url).toBe('string');
  const download = (headers: Record<string, string>) => fetch(new URL(done.file_url as string, exporterUrl), { headers });
  const file = await download({ authorization: `Bearer ${key}` });
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
  const text = await file.text();
  expect(Buffer.byteLength(text)).toBe(done.file_size);
  const [header, ...rows] = text.trimEnd().split('\n');
  expect(header).toBe(CSV_COLUMNS.join(','));
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((row) => row.split(',')[2]))).toEqual(new Set([project]));
  expect((await download({})).status).toBe(401);
}

export async function checkSeedAnalyticsAPI(exporterUrl: string, key: string, project: string): Promise<void> {
  const analyticsAPI = seedAnalyticsAPI(exporterUrl, key);
  await checkRealtime(analyticsAPI, project);
  await checkTriggers(analyticsAPI, project);
  await checkForecast(analyticsAPI, project);
  await checkExport(exporterUrl, key, analyticsAPI, project);
  // Without the key, the read functions answer 401.
  expect((await rejection(seedAnalyticsAPI(exporterUrl, '').getRealTimeDashboard(project))).status).toBe(401);
}
