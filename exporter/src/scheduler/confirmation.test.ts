import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../config/model';
import { confirmationAt } from './confirmation';

/** Interval 15 s, timeout 5 s, down_after 3, confirm_delay 3 s: the shipped settings. */
function region(overrides: Partial<RegionConfig['health']> = {}): RegionConfig {
  return {
    code: 'a',
    name: 'a',
    url: 'wss://x',
    latitude: 0,
    longitude: 0,
    priority: 1,
    capacity: 1,
    failover: [],
    active: true,
    probe: { kind: 'tcp', target: 'a:1', intervalMs: 15_000, timeoutMs: 5_000, tcp: { tls: false, tlsOptions: { insecureSkipVerify: false } } },
    health: { ...DEFAULT_HEALTH_POLICY, confirmDelayMs: 3_000, ...overrides },
  };
}

describe('when a failed probe is confirmed', () => {
  it('confirms confirm_delay after the failure while fewer than down_after probes in a row failed', () => {
    expect(confirmationAt(region(), 1, 0, 15_000)).toBe(3_000);
    expect(confirmationAt(region(), 2, 3_000, 15_000)).toBe(6_000);
  });

  it('stops at down_after failures in a row: the region is down, the ticks probe it from then on', () => {
    expect(confirmationAt(region(), 3, 6_000, 15_000)).toBeUndefined();
    expect(confirmationAt(region(), 40, 6_000, 15_000)).toBeUndefined();
    expect(confirmationAt(region({ downAfter: 5 }), 4, 6_000, 15_000)).toBe(9_000);
  });

  it('does not confirm an answer, nor anything when confirm_delay is 0s', () => {
    expect(confirmationAt(region(), 0, 0, 15_000)).toBeUndefined();
    expect(confirmationAt(region({ confirmDelayMs: 0 }), 1, 0, 15_000)).toBeUndefined();
  });

  it('leaves it to the next tick when the confirmation, timeout included, could still run at the tick', () => {
    // Due at 7 s, over by 12 s at the latest: exactly at the tick is allowed, a millisecond later is not.
    expect(confirmationAt(region(), 1, 4_000, 12_000)).toBe(7_000);
    expect(confirmationAt(region(), 1, 4_001, 12_000)).toBeUndefined();
  });
});
