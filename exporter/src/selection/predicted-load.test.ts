import type { RegionConfig } from '../config/model';
import { predictLoads } from './predicted-load';
import { testRegion } from './testing/test-region';

const region = (code: string): RegionConfig => testRegion(code);
const NOW = 100_000;
const regions = [region('fresh'), region('stale'), region('silent')];
const loads = [
  { region: 'fresh', load: 400, source: 'probe' as const, atMs: NOW - 10_000 },
  { region: 'stale', load: 10, source: 'api' as const, atMs: NOW - 60_001 },
];
const placements = [
  { region: 'fresh', secondMs: NOW - 20_000, count: 50 }, // before the report: already in it
  { region: 'fresh', secondMs: NOW - 10_000, count: 3 },
  { region: 'fresh', secondMs: NOW - 1_000, count: 4 },
  { region: 'stale', secondMs: NOW - 1_000, count: 9 },
  { region: 'silent', secondMs: NOW - 30_000, count: 2 },
];

describe('predicting the load selection weighs', () => {
  const predicted = predictLoads({ regions, loads, placements, nowMs: NOW, staleAfterMs: 60_000 });

  it('adds the clients sent since the last report to it', () => {
    expect(predicted.get('fresh')).toEqual({ load: 407, basis: 'report', sentSince: 7 });
  });

  it('does not trust a report older than the limit: the region counts as full', () => {
    expect(predicted.get('stale')).toEqual({ load: 1000, basis: 'untrusted', sentSince: 0 });
    const atTheLimit = predictLoads({ regions, loads: [{ ...loads[1], atMs: NOW - 60_000 }], placements, nowMs: NOW, staleAfterMs: 60_000 });
    expect(atTheLimit.get('stale')).toEqual({ load: 19, basis: 'report', sentSince: 9 });
  });

  it('weighs only the clients sent within the limit for a region that never reported', () => {
    expect(predicted.get('silent')).toEqual({ load: 2, basis: 'sent', sentSince: 2 });
  });
});
