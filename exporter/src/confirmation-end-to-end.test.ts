/**
 * Confirmation probes, end to end: the real exporter probing the region simulator. The interval
 * is long (50 s) so that within the test only the probes asked for (the admin health probe) and
 * the confirmations they set off reach the region: every count below is exact.
 */
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { eventually, sample, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';

const ADMIN_KEY = 'test-admin-key';
let simulator: Simulator;
let exporter: ExporterProcess;

const regionState = async () => (await exporter.json<{ health_status: string }>('/api/v1/regions/one')).health_status;
const counter = async (name: string, labels: Record<string, string>) => sample(await exporter.metrics(), name, { region: 'one', ...labels }) ?? 0;
/** Probes the region now (the admin key always probes anew) and answers whether it succeeded. */
const probeNow = async () =>
  (await exporter.json<{ result: { success: boolean } }>('/api/v1/regions/one/health', { authorization: `Bearer ${ADMIN_KEY}` })).result.success;

beforeAll(async () => {
  simulator = await createSimulator({ regions: [{ code: 'one', latencyMs: 2 }] });
  const config = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '50s',
    timeout: '500ms',
    // The shipped health settings, with failures confirmed 200 ms after them.
    health: { window: 5, down_after: 3, degraded_after: 2, recover_after: 3, confirm_delay: '200ms' },
  });
  exporter = await startExporter(config, { env: { PULSE_ADMIN_KEY: ADMIN_KEY } });
  await eventually('the region healthy', async () => ((await regionState()) === 'healthy' ? true : undefined), 20_000);
}, 120_000);

afterAll(async () => {
  await exporter?.stop();
  await simulator?.close();
});

/** Every health transition of the region so far, as `from>to count` lines. */
const transitions = async () =>
  (await exporter.metrics())
    .split('\n')
    .filter((l) => l.startsWith('pulse_region_health_transitions_total{') && l.includes('region="one"'))
    .sort();

describe('confirming a failed probe soon after it', () => {
  it('takes a region that stops answering down on one failed probe and its down_after - 1 confirmations, counted apart', async () => {
    await simulator.setFault('one', 'down');
    expect(await probeNow()).toBe(false);
    await eventually('the region down', async () => ((await regionState()) === 'down' ? true : undefined));
    expect(await counter('pulse_region_confirmation_probes_total', { result: 'connect_error' })).toBe(2);
    // The confirmations stay out of the probes the SLOs count.
    expect(await counter('pulse_region_probes_total', { result: 'connect_error' })).toBe(1);
    await simulator.setFault('one', 'none');
    // Coming back takes recover_after answers in a row, as before: a success is not confirmed.
    for (let answer = 0; answer < 3; answer++) expect(await probeNow()).toBe(true);
    expect(await regionState()).toBe('healthy');
  }, 20_000);

  it('follows a lost probe with one confirmation, which answers: the region stays healthy', async () => {
    const before = await transitions();
    await simulator.setFault('one', { mode: 'loss', dropEvery: 2 });
    expect(await probeNow()).toBe(true);
    expect(await probeNow()).toBe(false);
    await eventually('the confirmation', async () => ((await counter('pulse_region_confirmation_probes_total', { result: 'success' })) === 1 ? true : undefined));
    await simulator.setFault('one', 'none');
    expect(await regionState()).toBe('healthy');
    expect(await transitions()).toEqual(before);
  }, 20_000);
});
