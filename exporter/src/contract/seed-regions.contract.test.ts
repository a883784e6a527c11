/**
 * The original design's `regionsAPI` (seeds/000), called as its frontend calls it, against a real
 * pulse-exporter probing the demo region simulator: every field the seed documents is checked
 * for type and meaning (RegionConfig, RegionHealth, NearestRegionRequest/Response).
 */
import { createSimulator, type Simulator } from '../../../demo/simulator/simulator';
import { eventually, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from '../testing/exporter-process';
import { SeedApiError, seedRegionsAPI } from './seed-regions-client';

/** The seed's "Default Regions" table: priority and failover regions per code. */
const SEED_TABLE: Record<string, { priority: number; failover: string[] }> = {
  'us-east': { priority: 1, failover: ['us-west', 'eu-west'] },
  'us-west': { priority: 2, failover: ['us-east', 'asia-east'] },
  'eu-west': { priority: 1, failover: ['eu-central', 'us-east'] },
  'eu-central': { priority: 2, failover: ['eu-west', 'asia-south'] },
  'asia-south': { priority: 1, failover: ['asia-east', 'eu-central'] },
  'asia-east': { priority: 2, failover: ['asia-south', 'us-west'] },
};
const INJECTED_LATENCY_MS: Record<string, number> = { 'us-east': 5, 'us-west': 20, 'eu-west': 40, 'eu-central': 60, 'asia-south': 120, 'asia-east': 150 };
const LOADS: Record<string, number> = { 'us-east': 2500, 'us-west': 1000, 'eu-west': 4000, 'eu-central': 500, 'asia-south': 0, 'asia-east': 7000 };
const HEALTH_STATUSES = ['healthy', 'degraded', 'down'];

type Json = Record<string, unknown>;
let simulator: Simulator;
let exporter: ExporterProcess;
let regionsAPI: ReturnType<typeof seedRegionsAPI>;

beforeAll(async () => {
  simulator = await createSimulator({ regions: Object.keys(SEED_TABLE).map((code) => ({ code, latencyMs: INJECTED_LATENCY_MS[code], load: LOADS[code] })) });
  const perRegion = Object.fromEntries(Object.entries(SEED_TABLE).map(([code, row]) => [code, row]));
  // Probes with room for a loaded machine: the slowest region answers in 150 ms, and a probe that
  // timed out (or, past degraded_latency, came back slow) would leave a region not healthy, which
  // the tests below take it to be. Nothing here measures how fast the exporter notices a change.
  const health = { window: 5, down_after: 3, degraded_after: 3, degraded_latency: '1500ms' };
  exporter = await startExporter(writeSimulatorConfig(tempDir(), simulator.regions(), { interval: '2s', timeout: '1500ms', health, perRegion }));
  regionsAPI = seedRegionsAPI(exporter.url);
  await eventually('every region healthy with an average latency', async () => {
    const { regions } = (await regionsAPI.getAllRegions()) as { regions: Json[] };
    return regions.every((r) => r.health_status === 'healthy' && typeof r.average_latency === 'number') ? true : undefined;
  }, 60_000);
}, 120_000);

afterAll(async () => {
  await exporter?.stop();
  await simulator?.close();
});

/** RegionConfig as the seed documents it under GET /api/v1/regions. */
function expectSeedRegion(region: Json) {
  const code = region.code as string;
  const row = SEED_TABLE[code];
  expect(row).toBeDefined();
  expect(region.id).toBe(code);
  expect(typeof region.name).toBe('string');
  expect(region.livekit_url).toBe(simulator.region(code).mediaUrl);
  expect(region.is_active).toBe(true);
  expect(region.priority).toBe(row.priority);
  expect(region.max_capacity).toBe(10_000);
  expect(region.current_load).toBe(LOADS[code]); // participants, read from the region's health endpoint
  expect(HEALTH_STATUSES).toContain(region.health_status);
  // An average of successful probe round trips in ms: never below the latency the region adds.
  expect(typeof region.average_latency).toBe('number');
  expect(region.average_latency as number).toBeGreaterThanOrEqual(INJECTED_LATENCY_MS[code]);
  expect(region.failover_regions).toEqual(row.failover);
  // Pulse's own facts beside them, under their own names.
  expect(region.load_percentage).toBeCloseTo((LOADS[code] / 10_000) * 100, 2);
  expect(region.load_source).toBe('probe');
  expect(Number.isNaN(Date.parse(region.last_check as string))).toBe(false);
}

/** The seed's RegionHealth: status, latency, load percentage, last check. */
function expectSeedRegionHealth(health: Json, code: string) {
  expect(health.region_code).toBe(code);
  expect(HEALTH_STATUSES).toContain(health.status);
  expect(health.latency as number).toBeGreaterThanOrEqual(INJECTED_LATENCY_MS[code]);
  expect(health.load_percentage).toBeCloseTo((LOADS[code] / 10_000) * 100, 2);
  expect(Number.isNaN(Date.parse(health.last_check as string))).toBe(false);
}

describe('the seed regionsAPI against pulse-exporter', () => {
  it('getAllRegions lists every region with the seed fields and a count', async () => {
    const answer = (await regionsAPI.getAllRegions()) as { regions: Json[]; count: number };
    expect(answer.count).toBe(6);
    expect(answer.regions.map((r) => r.code)).toEqual(Object.keys(SEED_TABLE));
    answer.regions.forEach(expectSeedRegion);
    // Averages follow the regions' added latency.
    const averages = answer.regions.map((r) => r.average_latency as number);
    expect(averages[0]).toBeLessThan(averages[5]);
  });

  it('getRegionByCode answers the same region object with every vantage point and the last probe', async () => {
    const region = (await regionsAPI.getRegionByCode('eu-west')) as Json & { vantages: Json[]; last_result: Json };
    expectSeedRegion(region);
    expect(region.vantages).toEqual([expect.objectContaining({ vantage: 'local', status: 'healthy' })]);
    expect(region.last_result).toMatchObject({ success: true, status_code: 200 });
    await expect(regionsAPI.getRegionByCode('mars')).rejects.toMatchObject({ status: 404 });
  });

  it('getRegionHealth probes now and answers RegionHealth with the probe result', async () => {
    const before = Date.now();
    const health = (await regionsAPI.getRegionHealth('asia-south')) as Json & { result: Json };
    expectSeedRegionHealth(health, 'asia-south');
    expect(Date.parse(health.last_check as string)).toBeGreaterThanOrEqual(before - 1);
    expect(health.result).toMatchObject({ success: true });
    expect(health.latency).toBe((health.result as { duration_ms: number }).duration_ms);
  });

  it('getAllRegionHealth answers RegionHealth for every region', async () => {
    const answer = (await regionsAPI.getAllRegionHealth()) as { regions: Json[]; count: number };
    expect(answer.count).toBe(6);
    for (const health of answer.regions) expectSeedRegionHealth(health, health.region_code as string);
  });

  it('getRegionStats aggregates the regions', async () => {
    const stats = (await regionsAPI.getRegionStats()) as Json;
    const total = Object.values(LOADS).reduce((a, b) => a + b, 0);
    expect(stats).toMatchObject({ total_regions: 6, active_regions: 6, healthy_regions: 6, down_regions: 0, total_capacity: 60_000, total_load: total });
    expect(stats.load_percentage).toBeCloseTo((total / 60_000) * 100, 2);
    expect(stats.average_latency as number).toBeGreaterThanOrEqual(Object.values(INJECTED_LATENCY_MS).reduce((a, b) => a + b, 0) / 6);
  });

  it('findNearestRegion takes the seed body and answers primary, fallbacks and URLs', async () => {
    const answer = (await regionsAPI.findNearestRegion({
      client_ip: '203.0.113.1',
      preferred_region: 'us-east',
      latencies: [
        { region_code: 'us-east', latency: 45.2 },
        { region_code: 'us-west', latency: 85.3 },
      ],
    })) as { primary_region: Json; fallback_regions: Json[]; recommended_url: string; fallback_urls: string[]; reason: string; scores: Json[] };
    expectSeedRegion(answer.primary_region);
    expect(answer.primary_region.code).toBe('us-east');
    expect(answer.recommended_url).toBe(answer.primary_region.livekit_url);
    answer.fallback_regions.forEach(expectSeedRegion);
    // The failover regions first, in their order, then every other region.
    expect(answer.fallback_regions.map((r) => r.code).slice(0, 2)).toEqual(['us-west', 'eu-west']);
    expect(answer.fallback_regions).toHaveLength(5);
    expect(answer.fallback_urls).toEqual(answer.fallback_regions.map((r) => r.livekit_url));
    expect(answer.reason).toBe('preferred');
    expect(answer.scores[0]).toMatchObject({ region_code: 'us-east', latency: 45.2, latency_source: 'client' });
  });

  it('findNearestRegion without a preference takes the lowest score, latency + load % × 2 + priority × 10', async () => {
    const latencies = Object.keys(SEED_TABLE).map((region_code, index) => ({ region_code, latency: 100 - index * 10 }));
    const answer = (await regionsAPI.findNearestRegion({ latencies })) as { primary_region: Json; scores: Array<{ region_code: string; score: number; load_percentage: number }> };
    const expected = latencies.map(({ region_code, latency }) => ({ region_code, score: latency + (LOADS[region_code] / 10_000) * 100 * 2 + SEED_TABLE[region_code].priority * 10 }));
    const best = expected.reduce((a, b) => (b.score < a.score ? b : a));
    // asia-south (70) is 30 points ahead of the next: alone within the default strategy's margin.
    expect(answer.primary_region.code).toBe(best.region_code);
    for (const score of answer.scores) {
      // The load weighed is the report plus the clients Pulse sent there since (a few, by the tests before): 0.02 points each.
      const reported = expected.find((e) => e.region_code === score.region_code)!.score;
      expect(score.score).toBeGreaterThanOrEqual(reported - 0.001);
      expect(score.score).toBeLessThan(reported + 0.5);
    }
  });

  it('findNearestRegion still takes the map form of latencies', async () => {
    const answer = (await regionsAPI.findNearestRegion({ preferred_region: 'eu-west', latencies: { 'eu-west': 12 } })) as { primary_region: Json; scores: Json[] };
    expect(answer.primary_region.code).toBe('eu-west');
    expect(answer.scores[0]).toMatchObject({ region_code: 'eu-west', latency: 12 });
  });

  it('findNearestRegion names every bad field of the seed body, and answers nothing else', async () => {
    const rejection = (await regionsAPI
      .findNearestRegion({ latencies: [{ region_code: 'us-east', latency: 1 }, { region_code: 'us-west', latency: -3 }, { region_code: 'xx', latency: 2 }, { latency: 4 }] })
      .catch((error: unknown) => error)) as SeedApiError;
    expect(rejection).toBeInstanceOf(SeedApiError);
    expect(rejection.status).toBe(400);
    const problems = (rejection.body as { problems: Array<{ field: string }> }).problems.map((p) => p.field).sort();
    expect(problems).toEqual(['latencies[1].latency', 'latencies[2].region_code', 'latencies[3].region_code']);

    const unknown = (await regionsAPI.findNearestRegion({ latencies: [{ region_code: 'us-east', latency: 1 }, { region_code: 'us-west', latency: 3 }, { region_code: 'xx', latency: 2 }, { region_code: 'us-east', latency: 9 }] }).catch((error: unknown) => error)) as SeedApiError;
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: string }).error).toContain('latencies[2].region_code: unknown region (got "xx")');
    expect((unknown.body as { error: string }).error).toContain('latencies[3].region_code: region repeated (also at latencies[0])');
  });
});
