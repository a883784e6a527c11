import { createSeededRandom } from '../../../demo/simulator/seeded-random';
import { DEFAULT_SELECTION, type PulseConfig, type RegionConfig, type SelectionSettings } from '../config/model';
import { createMemoryStore } from '../store/memory-store';
import type { LoadReport, ProbeStateRecord } from '../store/types';
import { placeClient, type PlaceClientDeps } from './place-client';
import { testRegion } from './testing/test-region';

const region = (code: string): RegionConfig => testRegion(code);
const vantage = { name: 'here', latitude: 0, longitude: 0 };
const configWith = (selection: Partial<SelectionSettings>): PulseConfig => ({
  sourceFile: 'pulse.yml',
  vantage,
  vantages: [vantage],
  maxConcurrentProbes: 4,
  defaultVantage: 'here',
  selection: { ...DEFAULT_SELECTION, ...selection },
  regions: ['a', 'b', 'c'].map(region),
  projects: [],
  usage: { rateLimitPerMinute: 1000, idempotencyWindowMs: 86_400_000 },
  exports: { queryTimeoutMs: 1, expireAfterMs: 1, maxFileBytes: 1, maxRangeMs: 1 },
  alertRetentionMs: 1,
});
const NOW = 1_000_000;
const healthy = (code: string): ProbeStateRecord => ({ region: code, vantage: 'here', state: 'healthy', recent: ['ok'], lastCheckMs: NOW, result: { success: true, durationSeconds: 0.02 } });
const states = ['a', 'b', 'c'].map(healthy);
const report = (code: string, load: number, atMs = NOW): LoadReport => ({ region: code, load, source: 'probe', atMs });
const deps = (seed = 1): PlaceClientDeps => {
  const random = createSeededRandom(seed);
  return { store: createMemoryStore(), random: () => random.next(), onStoreError: () => undefined };
};

/** Places `clients` one after another between two load reports; returns how many each region got. */
async function placeMany(config: PulseConfig, loads: LoadReport[], clients: number, placeDeps = deps()) {
  const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < clients; i++) {
    const { selection } = await placeClient(config, { states, loads }, {}, placeDeps, NOW + i);
    counts[selection!.primary.view.region.code]++;
  }
  return counts;
}

describe('placing clients between two load reports', () => {
  const loads = [report('a', 100), report('b', 110), report('c', 120)];

  it('sends every client to the same region under lowest_score, the seed rule', async () => {
    expect(await placeMany(configWith({ strategy: 'lowest_score' }), loads, 600)).toEqual({ a: 600, b: 0, c: 0 });
  });

  it('spreads them under the default strategy, on the load predicted from the clients already sent', async () => {
    const counts = await placeMany(configWith({}), loads, 600);
    // Equal predicted loads would be 100 + 110 + 120 + 600 = 930 / 3 = 310 each: a gets about 210.
    for (const [code, initial] of [['a', 100], ['b', 110], ['c', 120]] as const) {
      expect(initial + counts[code]).toBeGreaterThan(260);
      expect(initial + counts[code]).toBeLessThan(360);
    }
  });

  it('agrees across replicas: placements made by one are weighed by the other', async () => {
    const shared = deps();
    const counts = await placeMany(configWith({}), loads, 30, shared); // replica one
    const other: PlaceClientDeps = { ...deps(2), store: shared.store }; // replica two: its own randomness, the same store
    const { selection } = await placeClient(configWith({}), { states, loads }, {}, other, NOW + 100);
    const seen = Object.fromEntries([selection!.primary, ...selection!.fallbacks].map((s) => [s.view.region.code, Math.round(s.view.loadRatio * 1000)]));
    expect(seen).toEqual({ a: 100 + counts.a, b: 110 + counts.b, c: 120 + counts.c });
  });

  it('does not trust a load report older than the limit', async () => {
    const staleLoads = [report('a', 0, NOW - 60_001), report('b', 500), report('c', 500)];
    const spread = await placeClient(configWith({}), { states, loads: staleLoads }, {}, deps(), NOW);
    expect(spread.selection!.primary.view.region.code).not.toBe('a');
    expect(spread.selection!.fallbacks.at(-1)!.view).toMatchObject({ region: { code: 'a' }, loadRatio: 1, loadBasis: 'untrusted' });
    const seed = await placeClient(configWith({ strategy: 'lowest_score' }), { states, loads: staleLoads }, {}, deps(), NOW);
    expect(seed.selection!.primary.view.region.code).toBe('a');
  });

  it('still places clients, on the last reports, when the store cannot count them', async () => {
    const failures: string[] = [];
    const broken: PlaceClientDeps = {
      store: { placements: () => Promise.reject(new Error('down')), recordPlacement: () => Promise.reject(new Error('down')) },
      random: () => 0,
      onStoreError: (operation) => failures.push(operation),
    };
    const { selection } = await placeClient(configWith({}), { states, loads }, {}, broken, NOW);
    expect(selection!.primary.view.region.code).toBe('a');
    expect(failures).toEqual(['read_placements', 'record_placement']);
  });
});
