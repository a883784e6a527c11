/**
 * The running exporter (a real child process) probing the demo region simulator on loopback:
 * latency accuracy, health hysteresis, hanging targets, selection and metrics, end to end.
 */
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { eventually, sample, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';
import { runTool } from './testing/promtool';

const ADMIN_KEY = 'test-admin-key';
let simulator: Simulator;
let exporter: ExporterProcess;

interface Score {
  region_code: string;
  score: number;
  load_percentage: number;
  latency: number;
  priority: number;
}
interface NearestAnswer {
  primary_region: { code: string };
  recommended_url: string;
  reason: string;
  scores: Score[];
  client: unknown;
}
interface ErrorAnswer {
  error: string;
  problems: Array<{ field: string; message: string }>;
}
const nearest = async (body: unknown) => (await (await exporter.post('/api/v1/regions/nearest', body)).json()) as NearestAnswer;
const errorOf = async (response: Response) => (await response.json()) as ErrorAnswer;

const regionState = async (code: string) => (await exporter.json<{ health_status: string }>(`/api/v1/regions/${code}`)).health_status;
const counter = async (name: string, labels: Record<string, string>) => sample(await exporter.metrics(), name, labels) ?? 0;

beforeAll(async () => {
  simulator = await createSimulator({
    regions: [
      { code: 'fast', latencyMs: 5, load: 2000 },
      { code: 'near', latencyMs: 50, load: 1000 },
      { code: 'far', latencyMs: 200, load: 500 },
      { code: 'flaky', latencyMs: 5 },
      { code: 'stuck', latencyMs: 5 },
      { code: 'crashy', latencyMs: 5 },
    ],
  });
  const config = writeSimulatorConfig(tempDir(), simulator.regions(), {
    interval: '300ms',
    timeout: '250ms',
    // stuck: an interval four times its timeout, so a timed-out probe's duration tells the timeout from the interval even when a loaded machine fires the timer late.
    perRegion: { fast: { failover: ['far', 'near'] }, far: { priority: 2 }, stuck: { interval: '1s' } },
    health: { window: 5, down_after: 3, degraded_after: 2, recover_after: 3 }, // the shipped defaults
  });
  exporter = await startExporter(config, { env: { PULSE_ADMIN_KEY: ADMIN_KEY } });
  // Every region answered at least once.
  await eventually('every region healthy', async () => {
    const { regions } = await exporter.json<{ regions: Array<{ health_status: string }> }>('/api/v1/regions');
    return regions.every((r) => r.health_status === 'healthy') ? true : undefined;
  }, 30_000);
}, 120_000);

afterAll(async () => {
  await exporter?.stop();
  await simulator?.close();
});

describe('pulse-exporter probing the region simulator', () => {
  it('takes a region that stops answering down after N of M failures, and brings it back', async () => {
    const failedBefore = await counter('pulse_region_probes_total', { region: 'crashy', result: 'connect_error' });
    await simulator.setFault('crashy', 'down');
    await eventually('crashy down', async () => ((await regionState('crashy')) === 'down' ? true : undefined));
    const failedWhenDown = (await counter('pulse_region_probes_total', { region: 'crashy', result: 'connect_error' })) - failedBefore;
    expect(failedWhenDown).toBeGreaterThanOrEqual(3); // down_after: 3

    await simulator.setFault('crashy', 'none');
    const okBefore = await counter('pulse_region_probes_total', { region: 'crashy', result: 'success' });
    await eventually('crashy healthy again', async () => ((await regionState('crashy')) === 'healthy' ? true : undefined));
    expect((await counter('pulse_region_probes_total', { region: 'crashy', result: 'success' })) - okBefore).toBeGreaterThanOrEqual(3); // recover_after: 3
    expect(await counter('pulse_region_health_transitions_total', { region: 'crashy', from: 'healthy', to: 'degraded' })).toBe(1);
    expect(await counter('pulse_region_health_transitions_total', { region: 'crashy', from: 'degraded', to: 'down' })).toBe(1);
    expect(await counter('pulse_region_health_transitions_total', { region: 'crashy', from: 'down', to: 'healthy' })).toBe(1);
  }, 20_000);

  it('never changes state when one probe in ten is lost', async () => {
    await simulator.setFault('flaky', { mode: 'flapping', failEvery: 10 });
    const failuresBefore = await counter('pulse_region_probes_total', { region: 'flaky', result: 'http_status' });
    await eventually('three lost probes', async () => ((await counter('pulse_region_probes_total', { region: 'flaky', result: 'http_status' })) - failuresBefore >= 3 ? true : undefined), 20_000);
    await simulator.setFault('flaky', 'none');
    const metrics = await exporter.metrics();
    const transitions = metrics.split('\n').filter((l) => l.startsWith('pulse_region_health_transitions_total{') && l.includes('region="flaky"'));
    expect(transitions).toEqual([expect.stringContaining('from="unknown",to="healthy"')]);
    expect(await regionState('flaky')).toBe('healthy');
  }, 25_000);

  it('holds a region failing every other probe in one steady state, never healthy', async () => {
    const flapped = async () => (await counter('pulse_region_probes_total', { region: 'flaky', result: 'http_status' })) + (await counter('pulse_region_probes_total', { region: 'flaky', result: 'success' }));
    const transitionsTo = async (to: string) =>
      (await exporter.metrics()).split('\n').filter((l) => l.startsWith('pulse_region_health_transitions_total{') && l.includes('region="flaky"') && l.includes(`to="${to}"`)).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    const healthyBefore = await transitionsTo('healthy');
    await simulator.setFault('flaky', { mode: 'flapping', failEvery: 2 });
    await eventually('flaky down', async () => ((await regionState('flaky')) === 'down' ? true : undefined));
    const start = await flapped();
    const seen = new Set<string>();
    await eventually('20 more flapping probes', async () => {
      seen.add(await regionState('flaky'));
      return (await flapped()) - start >= 20 ? true : undefined;
    }, 30_000);
    expect([...seen]).toEqual(['down']);
    expect(await transitionsTo('healthy')).toBe(healthyBefore);
    expect(await transitionsTo('down')).toBe(1);
    await simulator.setFault('flaky', 'none');
    await eventually('flaky healthy again', async () => ((await regionState('flaky')) === 'healthy' ? true : undefined));
  }, 45_000);

  it('times out a hanging endpoint and never lets its probes pile up', async () => {
    const requestsBefore = simulator.requests('stuck');
    const started = Date.now();
    await simulator.setFault('stuck', 'hanging');
    await eventually('three timeouts', async () => ((await counter('pulse_region_probes_total', { region: 'stuck', result: 'timeout' })) >= 3 ? true : undefined), 30_000);
    const elapsed = Date.now() - started;
    const metrics = await exporter.metrics();
    await simulator.setFault('stuck', 'none');
    // Each timed-out probe took its 250 ms timeout (timers may fire a fraction of a ms early), not its
    // 1 s interval: with a 300 ms interval, a timer 50 ms late on a loaded machine read as the interval's.
    expect(sample(metrics, 'probe_duration_seconds', { region: 'stuck' })).toBeGreaterThanOrEqual(0.24);
    expect(sample(metrics, 'probe_duration_seconds', { region: 'stuck' })).toBeLessThan(1);
    // One probe per 1 s interval at most: no retries, no overlap.
    expect(simulator.requests('stuck') - requestsBefore).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
    expect(sample(metrics, 'pulse_scheduler_probes_in_flight')).toBeLessThanOrEqual(6);
  }, 45_000);

  it('publishes metrics that promtool check metrics finds nothing wrong with', async () => {
    const text = await exporter.metrics();
    for (const name of ['probe_success', 'probe_duration_seconds', 'probe_http_duration_seconds', 'probe_http_status_code', 'pulse_region_info', 'pulse_region_health_state', 'pulse_region_load_ratio', 'pulse_region_probe_duration_seconds_bucket', 'pulse_region_capacity', 'pulse_region_priority', 'http_server_request_duration_seconds_bucket', 'nodejs_eventloop_delay_p99_seconds']) {
      expect(text).toMatch(new RegExp(`\\n${name}[{ ]`));
    }
    const lint = runTool('promtool', ['check', 'metrics'], text);
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('reads load from the health endpoint and from the admin load API', async () => {
    await eventually('load of near from its body', async () => (sample(await exporter.metrics(), 'pulse_region_load', { region: 'near' }) === 1000 ? true : undefined));
    expect((await exporter.post('/api/v1/regions/near/load', { load: 2500 })).status).toBe(401);
    expect((await exporter.post('/api/v1/regions/near/load', { load: 2500 }, { authorization: 'Bearer wrong' })).status).toBe(403);
    const bad = await exporter.post('/api/v1/regions/near/load', { load: -1, extra: true }, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).problems.map((p) => p.field).sort()).toEqual(['extra', 'load']);
    const ok = await exporter.post('/api/v1/regions/far/load', { load: 2500 }, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(await ok.json()).toEqual({ region: 'far', load: 2500, load_ratio: 0.25 });
    // The on-demand check answers the stored load of its region (the API's, which outranks the body's for a while).
    const probed = await exporter.json<{ region_code: string; load_percentage: number; vantage: string }>('/api/v1/regions/far/health');
    expect(probed).toMatchObject({ region_code: 'far', load_percentage: 25, vantage: 'local' });
  });
});

describe('region selection through the API', () => {
  it('follows the formula with client latencies, and never picks a down region', async () => {
    await simulator.setFault('crashy', 'down');
    await eventually('crashy down', async () => ((await regionState('crashy')) === 'down' ? true : undefined));
    // The regions faulted by earlier tests are back (each needs three good probes in a row).
    await eventually('every other region up', async () => {
      const { regions } = await exporter.json<{ regions: Array<{ code: string; health_status: string }> }>('/api/v1/regions');
      return regions.every((r) => r.code === 'crashy' || r.health_status !== 'down') ? true : undefined;
    });
    const latencies = { fast: 40, near: 10, far: 5, flaky: 300, stuck: 300, crashy: 0 };
    const answer = await nearest({ client_ip: '10.1.2.3', latencies });
    await simulator.setFault('crashy', 'none');
    const choices = answer.scores;
    expect(choices.map((c) => c.region_code)).not.toContain('crashy');
    expect(choices).toHaveLength(5);
    for (const choice of choices) {
      expect(choice.score).toBeCloseTo(choice.latency + choice.load_percentage * 2 + choice.priority * 10, 2);
    }
    const lowest = Math.min(...choices.map((c) => c.score));
    expect(choices[0].region_code).toBe(answer.primary_region.code);
    // The default strategy draws among the regions within 10 points of the best.
    expect(choices[0].score).toBeLessThanOrEqual(lowest + 10);
    expect(answer.reason).toBe('spread');
    expect(answer.client).toEqual({ ip: '10.1.2.3', country: null, vantage: 'local' });
  }, 20_000);

  it('honours a healthy preferred region and lists its failover regions first', async () => {
    // A probe timed out on a busy machine can leave a region degraded for a moment: wait for it to be healthy.
    await eventually('fast healthy', async () => ((await regionState('fast')) === 'healthy' ? true : undefined));
    const answer = await nearest({ preferred_region: 'fast', latencies: { fast: 500 } });
    expect(answer.primary_region.code).toBe('fast');
    expect(answer.reason).toBe('preferred');
    expect(answer.recommended_url).toBe(simulator.region('fast').mediaUrl);
    const fallbacks = answer.scores.slice(1);
    expect(fallbacks.slice(0, 2).map((f) => f.region_code)).toEqual(['far', 'near']);
    const rest = fallbacks.slice(2).map((f) => f.score);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect(await counter('pulse_region_selections_total', { region: 'fast', reason: 'preferred' })).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 listing each bad field and 404 for an unknown region', async () => {
    const bad = await exporter.post('/api/v1/regions/nearest', { client_ip: 'not-an-ip', latencies: { fast: 'quick', mars: 3 }, colour: 'red' });
    expect(bad.status).toBe(400);
    const fields = (await errorOf(bad)).problems.map((p) => p.field).sort();
    expect(fields).toEqual(['client_ip', 'colour', 'latencies.fast', 'latencies.mars']);
    const unknown = await exporter.post('/api/v1/regions/nearest', { preferred_region: 'mars' });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).error).toContain('preferred_region: unknown region (got "mars")');
    expect((await exporter.post('/api/v1/regions/nearest', '{not json')).status).toBe(400);
    expect((await exporter.get('/api/v1/regions/mars')).status).toBe(404);
    expect((await exporter.get('/api/v1/regions/mars/health')).status).toBe(404);
  });

  it('answers the list, health and stats endpoints', async () => {
    const list = await exporter.json<{ regions: Array<{ code: string }>; count: number }>('/api/v1/regions');
    expect(list.count).toBe(6);
    expect(list.regions.map((r) => r.code)).toEqual(['fast', 'near', 'far', 'flaky', 'stuck', 'crashy']);
    const health = await exporter.json<{ vantage: string; regions: Array<{ vantages: unknown[] }> }>('/api/v1/regions/health');
    expect(health.vantage).toBe('local');
    expect(health.regions.every((r) => r.vantages.length === 1)).toBe(true);
    const stats = await exporter.json<{ total_regions: number; total_capacity: number }>('/api/v1/regions/stats');
    expect(stats).toMatchObject({ total_regions: 6, total_capacity: 60000 });
  });
});
