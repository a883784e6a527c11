import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../config/model';
import type { TrackedState } from '../health/health-track';
import { createSeededRandom } from '../../../demo/simulator/seeded-random';
import { scoreRegion, selectRegion, type RegionView } from './select-region';

function region(code: string, priority: number, failover: string[] = [], active = true): RegionConfig {
  return {
    code,
    name: code,
    url: `wss://${code}.example.com`,
    latitude: 0,
    longitude: 0,
    priority,
    capacity: 10000,
    failover,
    active,
    probe: { kind: 'tcp', target: '127.0.0.1:1', intervalMs: 15000, timeoutMs: 5000, tcp: { tls: false, tlsOptions: { insecureSkipVerify: false } } },
    health: DEFAULT_HEALTH_POLICY,
  };
}

function view(r: RegionConfig, latencyMs: number | undefined, loadRatio: number, state: TrackedState = 'healthy'): RegionView {
  return { region: r, state, latencyMs, latencySource: latencyMs === undefined ? 'none' : 'client', loadRatio };
}

const usEast = region('us-east', 1, ['us-west', 'eu-west']);
const usWest = region('us-west', 2, ['us-east', 'asia-east']);
const euWest = region('eu-west', 1, ['eu-central', 'us-east']);
const asiaEast = region('asia-east', 2, ['asia-south', 'us-west']);

describe('scoring a region', () => {
  it('is latency + load% × 2 + priority × 10', () => {
    expect(scoreRegion(view(usEast, 40, 0.25))).toBe(40 + 25 * 2 + 10);
    expect(scoreRegion(view(usWest, 12.5, 0.031))).toBe(12.5 + 3.1 * 2 + 20);
  });
});

describe('selecting a region', () => {
  it('picks the lowest score', () => {
    // us-east 30+20+10=60; us-west 20+60+20=100; eu-west 90+0+10=100
    const choice = selectRegion([view(usEast, 30, 0.1), view(usWest, 20, 0.3), view(euWest, 90, 0)])!;
    expect(choice.primary.view.region.code).toBe('us-east');
    expect(choice.primary.score).toBe(60);
    expect(choice.reason).toBe('lowest_score');
  });

  it('lets load outweigh latency, as the formula says', () => {
    const choice = selectRegion([view(usEast, 10, 0.9), view(euWest, 100, 0)])!;
    expect(choice.primary.view.region.code).toBe('eu-west'); // 10+180+10=200 vs 100+0+10=110
  });

  it('never picks a down or inactive region, even with the best score', () => {
    const inactive = region('us-west', 0, [], false);
    const choice = selectRegion([view(usEast, 1, 0, 'down'), view(inactive, 1, 0), view(euWest, 300, 0.5)])!;
    expect(choice.primary.view.region.code).toBe('eu-west');
    expect(choice.fallbacks).toHaveLength(0);
  });

  it('answers nothing when every region is down or inactive', () => {
    expect(selectRegion([view(usEast, 1, 0, 'down'), view(region('x', 1, [], false), 1, 0)])).toBeUndefined();
  });

  it('honours a healthy preferred region even when another scores better', () => {
    const choice = selectRegion([view(usEast, 10, 0), view(asiaEast, 250, 0.5)], 'asia-east')!;
    expect(choice.primary.view.region.code).toBe('asia-east');
    expect(choice.reason).toBe('preferred');
  });

  it('falls back to the score when the preferred region is degraded or down', () => {
    for (const state of ['degraded', 'down'] as const) {
      const choice = selectRegion([view(usEast, 10, 0), view(asiaEast, 250, 0.5, state)], 'asia-east')!;
      expect(choice.primary.view.region.code).toBe('us-east');
      expect(choice.reason).toBe('preferred_unavailable');
    }
  });

  it('orders fallbacks: the failover list first, then the rest by score, skipping down regions', () => {
    const euCentral = region('eu-central', 2);
    const choice = selectRegion([
      view(usEast, 10, 0), // 20
      view(usWest, 500, 0), // 520
      view(euWest, 100, 0, 'down'),
      view(euCentral, 30, 0), // 50
      view(asiaEast, 40, 0), // 60
    ])!;
    expect(choice.primary.view.region.code).toBe('us-east');
    expect(choice.fallbacks.map((s) => s.view.region.code)).toEqual(['us-west', 'eu-central', 'asia-east']);
  });

  it('ranks regions with no latency measurement last', () => {
    const choice = selectRegion([view(usEast, undefined, 0), view(usWest, 400, 0)])!;
    expect(choice.primary.view.region.code).toBe('us-west');
  });
});

describe('the spread strategy', () => {
  const seeded = (seed: number) => {
    const random = createSeededRandom(seed);
    return { strategy: 'spread' as const, spreadMargin: 10, random: () => random.next() };
  };
  const euCentral = region('eu-central', 1);
  // Scores: us-east 20+0+10=30, eu-west 25+0+10=35, eu-central 38+0+10=48 (beyond 30 + 10), asia-east 5+0+20=25 best.
  const views = [view(usEast, 20, 0), view(euWest, 25, 0), view(euCentral, 38, 0), view(asiaEast, 5, 0)];

  it('chooses only among the regions within the margin of the best score, and not always the same', () => {
    const options = seeded(7);
    const chosen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const code = selectRegion(views, undefined, options)!.primary.view.region.code;
      chosen.set(code, (chosen.get(code) ?? 0) + 1);
    }
    expect([...chosen.keys()].sort()).toEqual(['asia-east', 'eu-west', 'us-east']);
    // Each near region about equally often (a third of 300 each; the seed makes this exact and repeatable).
    for (const count of chosen.values()) expect(count).toBeGreaterThan(70);
    expect(selectRegion(views, undefined, options)!.reason).toBe('spread');
  });

  it('draws with the random number given: its range split evenly among the near regions, best first', () => {
    const pick = (r: number) => selectRegion(views, undefined, { strategy: 'spread', spreadMargin: 10, random: () => r })!.primary.view.region.code;
    expect([pick(0), pick(0.34), pick(0.67), pick(0.999999)]).toEqual(['asia-east', 'us-east', 'eu-west', 'eu-west']);
    expect(selectRegion(views, undefined, { strategy: 'spread', spreadMargin: 0, random: () => 0.99 })!.primary.view.region.code).toBe('asia-east');
  });

  it('still honours a healthy preferred region, skips down and inactive ones, and lists the failover regions first', () => {
    const options = seeded(1);
    expect(selectRegion(views, 'eu-central', options)!.primary.view.region.code).toBe('eu-central');
    const inactive = region('asia-south', 0, [], false);
    for (let i = 0; i < 50; i++) {
      const choice = selectRegion([view(usEast, 20, 0, 'down'), view(inactive, 1, 0), view(euWest, 21, 0), view(asiaEast, 22, 0)], undefined, options)!;
      expect(['eu-west', 'asia-east']).toContain(choice.primary.view.region.code);
      const expected = choice.primary.view.region.code === 'eu-west' ? ['asia-east'] : ['eu-west'];
      expect(choice.fallbacks.map((f) => f.view.region.code)).toEqual(expected);
    }
    const fromUsEast = selectRegion([view(usEast, 5, 0), view(usWest, 60, 0), view(euWest, 90, 0), view(asiaEast, 30, 0)], undefined, options)!;
    expect(fromUsEast.primary.view.region.code).toBe('us-east');
    expect(fromUsEast.fallbacks.map((f) => f.view.region.code)).toEqual(['us-west', 'eu-west', 'asia-east']);
  });
});
