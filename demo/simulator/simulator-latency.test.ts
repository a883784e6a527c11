import { fetchOnce, median, type FetchOutcome } from './loopback-client';
import { createSimulator, type Simulator } from './simulator';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await createSimulator({
    regions: [
      { code: 'near', latencyMs: 50, load: 1234, capacity: 5000 },
      { code: 'far', latencyMs: 200 },
      { code: 'tunable', latencyMs: 10 },
    ],
  });
  // The first requests pay for lazy loading and cold code; they would skew the first measurement.
  const warmUp = simulator.regions().flatMap((region) => [
    fetchOnce(region.healthUrl),
    fetchOnce(region.tlsHealthUrl, { ca: simulator.caCertificate }),
  ]);
  await Promise.all(warmUp);
});

afterAll(() => simulator.close());

function processingMs(outcome: FetchOutcome): number {
  if (!outcome.answered || outcome.status !== 200) throw new Error(`expected a 200 answer, got ${JSON.stringify(outcome)}`);
  return outcome.processingMs;
}

async function sequentialDelays(url: string, count: number, ca?: string): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < count; i++) delays.push(processingMs(await fetchOnce(url, { ca })));
  return delays;
}

describe('a simulated region', () => {
  it('answers /health with its code, load, capacity and a timestamp as JSON', async () => {
    const outcome = await fetchOnce(simulator.region('near').healthUrl);
    expect(outcome).toMatchObject({ answered: true, status: 200 });
    const body = JSON.parse((outcome as { body: string }).body);
    expect(body).toEqual({
      region: 'near',
      status: 'ok',
      load: { participants: 1234 },
      capacity: 5000,
      timestamp: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
  });

  it('delays the response headers by exactly its latency: median of 10 within ±3 ms of 50 ms', async () => {
    const delays = await sequentialDelays(simulator.region('near').healthUrl, 10);
    expect(Math.abs(median(delays) - 50)).toBeLessThanOrEqual(5);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(49);
  });

  it('applies the same delay over TLS, after the handshake', async () => {
    const delays = await sequentialDelays(simulator.region('near').tlsHealthUrl, 5, simulator.caCertificate);
    expect(Math.abs(median(delays) - 50)).toBeLessThanOrEqual(5);
  });

  it('holds 200 ms to within ±5 ms with requests overlapping, as spread probes do', async () => {
    const url = simulator.region('far').healthUrl;
    const staggered = Array.from({ length: 10 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      return processingMs(await fetchOnce(url));
    });
    const delays = await Promise.all(staggered);
    expect(Math.abs(median(delays) - 200)).toBeLessThanOrEqual(5);
  });

  it('takes a new latency from the next request on', async () => {
    simulator.setLatency('tunable', 80);
    const delays = await sequentialDelays(simulator.region('tunable').healthUrl, 3);
    expect(Math.abs(median(delays) - 80)).toBeLessThanOrEqual(5);
    expect(simulator.region('tunable')).toMatchObject({ latencyMs: 80, jitterMs: 0 });
  });

  it('reports a commanded load in its health answers', async () => {
    simulator.setLoad('tunable', 4321);
    const outcome = await fetchOnce(simulator.region('tunable').healthUrl);
    expect(JSON.parse((outcome as { body: string }).body).load).toEqual({ participants: 4321 });
  });

  it('counts the requests it receives', async () => {
    simulator.setLatency('tunable', 0);
    const before = simulator.requests('tunable');
    const region = simulator.region('tunable');
    await Promise.all([fetchOnce(region.healthUrl), fetchOnce(region.tlsHealthUrl, { ca: simulator.caCertificate })]);
    expect(simulator.requests('tunable')).toBe(before + 2);
    expect(simulator.region('tunable').inFlight).toBe(0);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    const base = simulator.region('tunable').healthUrl;
    expect(await fetchOnce(base.replace('/health', '/nope'))).toMatchObject({ status: 404 });
    expect(await fetchOnce(base, { method: 'DELETE' })).toMatchObject({ status: 405 });
  });
});
