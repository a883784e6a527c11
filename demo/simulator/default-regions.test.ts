import { DEFAULT_CONTROL_PORT, DEFAULT_REGIONS } from './default-regions';

describe('DEFAULT_REGIONS', () => {
  it('lists the six regions of the default exporter config on their fixed ports', () => {
    expect(DEFAULT_REGIONS.map((region) => [region.code, region.httpPort, region.tlsPort, region.latencyMs])).toEqual([
      ['us-east', 9481, 9491, 20],
      ['us-west', 9482, 9492, 45],
      ['eu-west', 9483, 9493, 80],
      ['eu-central', 9484, 9494, 90],
      ['asia-south', 9485, 9495, 180],
      ['asia-east', 9486, 9496, 210],
    ]);
    expect(DEFAULT_CONTROL_PORT).toBe(9480);
  });

  it('jitters each by about a tenth of its latency, walks the load and varies it', () => {
    for (const region of DEFAULT_REGIONS) {
      expect(region.jitterMs).toBeCloseTo(region.latencyMs / 10, 0);
      expect(region.loadWalk).toBe(true);
      expect(region.capacity).toBe(10_000);
    }
    expect(new Set(DEFAULT_REGIONS.map((region) => region.load)).size).toBe(6);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(DEFAULT_REGIONS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_REGIONS[0])).toBe(true);
  });
});
