/** A region for selection tests: at 0°/0°, priority 1, capacity 1000, a TCP probe; `overrides` change any field. */
import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../../config/model';

export const testRegion = (code: string, overrides: Partial<RegionConfig> = {}): RegionConfig => ({
  code,
  name: code,
  url: `wss://${code}`,
  latitude: 0,
  longitude: 0,
  priority: 1,
  capacity: 1000,
  failover: [],
  active: true,
  probe: { kind: 'tcp', target: 'x:1', intervalMs: 15_000, timeoutMs: 1000, tcp: { tls: false, tlsOptions: { insecureSkipVerify: false } } },
  health: DEFAULT_HEALTH_POLICY,
  ...overrides,
});
