import type { PulseConfig, RegionConfig } from '../config/model';
import { DEFAULT_SELECTION } from '../config/model';
import type { ProbeStateRecord } from '../store/types';
import { createClientLocator, distanceKm, isPrivate } from './client-location';
import { buildRegionViews, chooseVantage } from './region-views';
import { testRegion } from './testing/test-region';

const region = (code: string): RegionConfig => testRegion(code, { probe: { ...testRegion(code).probe, intervalMs: 10_000 } });

const vantages = [
  { name: 'frankfurt', latitude: 50.11, longitude: 8.68 },
  { name: 'virginia', latitude: 38.95, longitude: -77.45 },
  { name: 'tokyo', latitude: 35.68, longitude: 139.69 },
];

const config: PulseConfig = {
  sourceFile: 'pulse.yml',
  vantage: vantages[0],
  vantages,
  maxConcurrentProbes: 4,
  defaultVantage: 'frankfurt',
  selection: DEFAULT_SELECTION,
  regions: [region('eu'), region('us')],
  projects: [],
  usage: { rateLimitPerMinute: 1000, idempotencyWindowMs: 86_400_000 },
  alertRetentionMs: 1,
  exports: { queryTimeoutMs: 1, expireAfterMs: 1, maxFileBytes: 1, maxRangeMs: 1 },
};

const NOW = 1_000_000;
const record = (regionCode: string, vantage: string, seconds: number, ageMs = 0, state: ProbeStateRecord['state'] = 'healthy'): ProbeStateRecord => ({
  region: regionCode,
  vantage,
  state,
  recent: [],
  lastCheckMs: NOW - ageMs,
  result: { success: state !== 'down', durationSeconds: seconds },
});

describe('locating a client', () => {
  const locate = createClientLocator();

  it('finds the country of public addresses, v4 and v6, offline', () => {
    expect(locate('8.8.8.8')?.country).toBe('US');
    expect(locate('81.2.69.142')?.country).toBe('GB');
    expect(locate('2001:4860:4860::8888')?.country).toBe('US');
  });

  it('has no location for private, loopback and malformed addresses', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '192.168.1.1', '172.20.0.1', '::1', 'fd00::1', '::ffff:10.0.0.1', 'nope']) {
      expect(locate(ip)).toBeUndefined();
    }
    expect(isPrivate('172.32.0.1')).toBe(false);
  });

  it('measures great-circle distances', () => {
    expect(distanceKm(vantages[0], vantages[1])).toBeGreaterThan(6400);
    expect(distanceKm(vantages[0], vantages[1])).toBeLessThan(6700);
  });
});

describe('choosing the vantage point for a client', () => {
  const states = ['frankfurt', 'virginia', 'tokyo'].map((v) => record('eu', v, 0.01));
  const locate = createClientLocator();

  it('picks the reporting vantage point nearest to the client', () => {
    expect(chooseVantage(config, states, locate('8.8.8.8')).name).toBe('virginia');
    expect(chooseVantage(config, states, locate('81.2.69.142')).name).toBe('frankfurt');
  });

  it('uses the default vantage point for clients without a location, or when the nearest one is silent', () => {
    expect(chooseVantage(config, states, undefined).name).toBe('frankfurt');
    expect(chooseVantage(config, [record('eu', 'frankfurt', 0.01)], locate('8.8.8.8')).name).toBe('frankfurt');
  });
});

describe('building region views', () => {
  it("uses the chosen vantage point's latency, the client's where given, and ignores stale vantage points", () => {
    const states = [
      record('eu', 'virginia', 0.09),
      record('us', 'virginia', 0.01),
      record('eu', 'frankfurt', 0.02),
      record('us', 'frankfurt', 0.1),
      record('us', 'tokyo', 0.15, 60_000), // older than 3 intervals
    ];
    const { vantage, views } = buildRegionViews({
      config,
      states,
      loads: [{ region: 'us', load: 250, source: 'api', atMs: NOW }],
      clientLocation: { country: 'US', latitude: 39, longitude: -98 },
      clientLatencies: { eu: 120 },
      nowMs: NOW,
    });
    expect(vantage.name).toBe('virginia');
    expect(views.map((v) => [v.region.code, v.latencyMs, v.latencySource, v.loadRatio])).toEqual([
      ['eu', 120, 'client', 0],
      ['us', 10, 'vantage', 0.25],
    ]);
  });
});
