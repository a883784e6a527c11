/**
 * A quiet demo stays quiet: the whole stack (demo traffic, the simulator's healthy regions,
 * forecasts of every demo series, the generated rules) runs for 10 minutes with no fault
 * injected, and no alert fires or is even pending at any time. The demo's usage and limits agree
 * by construction (demo/demo-limits.test.ts); this shows it on the running stack.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '../../exporter/src/testing/exporter-process';
import type { RunningStack } from './run-stack';
import { promQuery, startTestStack } from './testing/test-stack';

const QUIET_FOR_MS = 10 * 60_000;
const LOOK_EVERY_MS = 10_000;

let stack: RunningStack;

beforeAll(async () => {
  // Probes as shipped: every 2 s with a 1 s timeout, a loaded 2-core machine makes regions look slow.
  stack = await startTestStack({ shippedProbes: true });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the demo stack with no fault', () => {
  it(`raises no alert, firing or pending, for ${QUIET_FOR_MS / 60_000} minutes`, async () => {
    // From the moment every part is up and the forecasts are in: the forecast-limit alerts read them.
    await eventually('every target up', async () => {
      const up = await promQuery(stack, 'up');
      return up.length >= 4 && up.every((s) => s.value[1] === '1') ? true : undefined;
    }, 120_000);
    await eventually('forecasts of every usage type in Prometheus', async () => {
      const types = new Set((await promQuery(stack, 'pulse_forecast')).map((s) => s.metric.metric));
      return types.size === 5 ? true : undefined;
    }, 600_000);
    const seen = new Map<string, string>();
    const until = Date.now() + QUIET_FOR_MS;
    while (Date.now() < until) {
      for (const alert of await promQuery(stack, 'ALERTS')) {
        const { alertname, alertstate, ...labels } = alert.metric;
        delete labels.__name__;
        seen.set(`${alertname} ${JSON.stringify(labels)}`, alertstate);
      }
      await sleep(LOOK_EVERY_MS);
    }
    expect([...seen].map(([alert, state]) => `${state}: ${alert}`)).toEqual([]);
  }, QUIET_FOR_MS + 12 * 60_000);
});
