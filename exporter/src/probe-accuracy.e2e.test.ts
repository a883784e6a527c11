/**
 * Latency accuracy of the running exporter against the simulator's exact injected delays. Timing
 * needs a quiet machine, so this runs in the serial end-to-end phase of `npm test`, not beside
 * the parallel suites.
 */
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';

let simulator: Simulator;
let exporter: ExporterProcess;
const ADMIN_KEY = 'accuracy-admin';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

beforeAll(async () => {
  simulator = await createSimulator({ regions: [{ code: 'near', latencyMs: 50 }, { code: 'far', latencyMs: 200 }] });
  // Long intervals: the scheduler stays out of the way of the probes measured here.
  // The admin key makes each check a new probe (without it, a check answers the last result for 5 s).
  exporter = await startExporter(writeSimulatorConfig(tempDir(), simulator.regions(), { interval: '1m', timeout: '5s' }), { env: { PULSE_ADMIN_KEY: ADMIN_KEY } });
}, 30_000);

afterAll(async () => {
  await exporter?.stop();
  await simulator?.close();
});

describe('pulse-exporter latency accuracy', () => {
  it.each([
    ['near', 50],
    ['far', 200],
  ] as const)('measures %s within 5 ms of the injected %d ms (median of 9 probes)', async (code, injected) => {
    await exporter.json(`/api/v1/regions/${code}/health`, admin); // warm-up: first connection, JIT
    const durations: number[] = [];
    const processing: number[] = [];
    for (let i = 0; i < 9; i++) {
      const { result } = await exporter.json<{ result: { duration_ms: number; phases_ms: Record<string, number> } }>(`/api/v1/regions/${code}/health`, admin);
      durations.push(result.duration_ms);
      processing.push(result.phases_ms.processing);
    }
    expect(Math.abs(median(durations) - injected)).toBeLessThanOrEqual(5);
    expect(Math.abs(median(processing) - injected)).toBeLessThanOrEqual(5);
  });
});
