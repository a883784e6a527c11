/**
 * Which load wins: a load posted to the load API holds for API_LOAD_HOLD_MS against the loads that
 * probes read from health bodies (they used to overwrite it at the next probe, 16 s later).
 */
import { join } from 'node:path';
import { silentLogger } from '../../../common/log';
import { loadConfigFile } from '../config/load';
import type { ProbeResult } from '../probes/types';
import { createMemoryStore } from '../store/memory-store';
import { API_LOAD_HOLD_MS } from './load-precedence';
import { createRegionMonitor } from './region-monitor';

const config = loadConfigFile(join(__dirname, '../../testdata/config/valid.yaml'), { env: {} });
const region = config.regions[0];
const probeBody = (load: number): ProbeResult => ({ success: true, durationSeconds: 0.05, statusCode: 200, load });

function monitorAt(clock: { ms: number }) {
  const store = createMemoryStore();
  const events = { probeFinished: () => undefined, stateChanged: () => undefined, storeFailed: () => undefined };
  const monitor = createRegionMonitor({ store, vantage: 'here', events, log: silentLogger(), now: () => clock.ms });
  const load = async () => (await store.loads()).find((report) => report.region === region.code);
  return { monitor, load };
}

describe('the load of a region: the load API against probe bodies', () => {
  it('keeps an API-reported load for API_LOAD_HOLD_MS, then lets probes take over', async () => {
    const clock = { ms: 1_000_000 };
    const { monitor, load } = monitorAt(clock);
    await monitor.recordResult(region, probeBody(100));
    expect(await load()).toMatchObject({ load: 100, source: 'probe' });

    await monitor.reportLoad(region, 900, 'api');
    clock.ms += 16_000;
    await monitor.recordResult(region, probeBody(120));
    expect(await load()).toMatchObject({ load: 900, source: 'api' });

    clock.ms += API_LOAD_HOLD_MS - 16_001;
    await monitor.recordResult(region, probeBody(130));
    expect(await load()).toMatchObject({ load: 900, source: 'api' });

    clock.ms += 1;
    await monitor.recordResult(region, probeBody(140));
    expect(await load()).toMatchObject({ load: 140, source: 'probe' });
  });

  it('lets a newer API report replace an older one at once', async () => {
    const clock = { ms: 1_000_000 };
    const { monitor, load } = monitorAt(clock);
    await monitor.reportLoad(region, 900, 'api');
    clock.ms += 1_000;
    await monitor.reportLoad(region, 300, 'api');
    expect(await load()).toMatchObject({ load: 300, source: 'api' });
  });
});
