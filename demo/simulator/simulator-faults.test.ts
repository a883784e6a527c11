import net from 'node:net';
import { connectTcp, fetchOnce } from './loopback-client';
import { DEFAULT_SLOW_EXTRA_MS } from './fault';
import { createSimulator, type Simulator } from './simulator';

let simulator: Simulator;

// One region per fault, so the tests cannot disturb each other.
beforeAll(async () => {
  simulator = await createSimulator({
    regions: ['down', 'error', 'slow', 'flapping', 'hanging', 'tls'].map((code) => ({ code, latencyMs: 10 })),
  });
});

afterAll(() => simulator.close());

const statusOf = async (url: string, ca?: string): Promise<number | string> => {
  const outcome = await fetchOnce(url, { ca, timeoutMs: 2000 });
  return outcome.answered ? outcome.status : outcome.code;
};

describe('fault down', () => {
  it('refuses connections on both ports, then answers again on the same ports once cleared', async () => {
    const before = simulator.region('down');
    expect(await statusOf(before.healthUrl)).toBe(200);

    await simulator.setFault('down', { mode: 'down' });
    expect(await statusOf(before.healthUrl)).toBe('ECONNREFUSED');
    expect(await statusOf(before.tlsHealthUrl, simulator.caCertificate)).toBe('ECONNREFUSED');
    expect(await connectTcp('127.0.0.1', before.tlsPort)).toBe('ECONNREFUSED');

    await simulator.setFault('down', 'none');
    const after = simulator.region('down');
    expect([after.httpPort, after.tlsPort]).toEqual([before.httpPort, before.tlsPort]);
    expect(await statusOf(after.healthUrl)).toBe(200);
    expect(await statusOf(after.tlsHealthUrl, simulator.caCertificate)).toBe(200);
    expect(await connectTcp('127.0.0.1', after.httpPort)).toBe('connected');
  });

  it('cuts connections that were already open', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: simulator.region('down').httpPort });
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await simulator.setFault('down', 'down');
    await closed;
    await simulator.setFault('down', 'none');
  });
});

describe('fault error', () => {
  it('answers 503 with a JSON error body over HTTP and HTTPS', async () => {
    await simulator.setFault('error', { mode: 'error' });
    const plain = await fetchOnce(simulator.region('error').healthUrl);
    const secure = await fetchOnce(simulator.region('error').tlsHealthUrl, { ca: simulator.caCertificate });
    for (const outcome of [plain, secure]) {
      expect(outcome).toMatchObject({ answered: true, status: 503 });
      expect(JSON.parse((outcome as { body: string }).body)).toMatchObject({ status: 'error' });
    }
    await simulator.setFault('error', 'none');
    expect(await statusOf(simulator.region('error').healthUrl)).toBe(200);
  });
});

describe('fault slow', () => {
  it('adds the extra delay before the headers', async () => {
    await simulator.setFault('slow', { mode: 'slow', extraMs: 150 });
    const outcome = await fetchOnce(simulator.region('slow').healthUrl);
    expect(outcome).toMatchObject({ answered: true, status: 200 });
    // The 150 ms asked for on top of the region's 10 ms (1 ms for the timer's rounding), not the
    // 1 s default extra: the bound leaves a late timer most of the gap between the two.
    expect((outcome as { processingMs: number }).processingMs).toBeGreaterThanOrEqual(159);
    expect((outcome as { processingMs: number }).processingMs).toBeLessThan(DEFAULT_SLOW_EXTRA_MS);
    expect(simulator.region('slow').fault).toEqual({ mode: 'slow', extraMs: 150 });
  });
});

describe('fault flapping', () => {
  it('fails every other request, starting afresh when the fault is set', async () => {
    await simulator.setFault('flapping', 'flapping');
    const url = simulator.region('flapping').healthUrl;
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 4; i++) statuses.push(await statusOf(url));
    expect(statuses).toEqual([200, 503, 200, 503]);
  });

  it('fails every n-th request with failEvery', async () => {
    await simulator.setFault('flapping', { mode: 'flapping', failEvery: 3 });
    const url = simulator.region('flapping').healthUrl;
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 6; i++) statuses.push(await statusOf(url));
    expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);
  });
});

describe('fault loss', () => {
  it('drops every n-th connection unanswered and answers the others', async () => {
    await simulator.setFault('flapping', { mode: 'loss', dropEvery: 3 });
    const url = simulator.region('flapping').healthUrl;
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 6; i++) statuses.push(await statusOf(url));
    // A dropped connection has no HTTP status, only the client's error code.
    expect(statuses.map((status) => (typeof status === 'string' ? 'no answer' : status))).toEqual([200, 200, 'no answer', 200, 200, 'no answer']);
  });
});

describe('fault hanging', () => {
  it('accepts the connection but never answers, so the client times out', async () => {
    await simulator.setFault('hanging', 'hanging');
    const region = simulator.region('hanging');
    expect(await connectTcp('127.0.0.1', region.httpPort)).toBe('connected');
    const outcome = await fetchOnce(region.healthUrl, { timeoutMs: 250 });
    expect(outcome).toMatchObject({ answered: false, code: 'TIMEOUT' });
    const secure = await fetchOnce(region.tlsHealthUrl, { ca: simulator.caCertificate, timeoutMs: 250 });
    expect(secure).toMatchObject({ answered: false, code: 'TIMEOUT' });
    await simulator.setFault('hanging', 'none');
  });

  it('keeps held requests open until the fault is cleared, then cuts them', async () => {
    await simulator.setFault('hanging', 'hanging');
    const before = simulator.requests('hanging');
    const pending = fetchOnce(simulator.region('hanging').healthUrl, { timeoutMs: 5000 });
    await waitFor(() => simulator.requests('hanging') === before + 1);
    await simulator.setFault('hanging', 'none');
    expect(await pending).toMatchObject({ answered: false, code: 'ECONNRESET' });
    await waitFor(() => simulator.region('hanging').inFlight === 0);
    expect(await statusOf(simulator.region('hanging').healthUrl)).toBe(200);
  });
});

describe('fault tls', () => {
  it('presents an expired certificate that a client trusting the CA rejects, leaving plain HTTP alone', async () => {
    await simulator.setFault('tls', 'tls');
    const region = simulator.region('tls');
    expect(await fetchOnce(region.tlsHealthUrl, { ca: simulator.caCertificate })).toMatchObject({
      answered: false,
      code: 'CERT_HAS_EXPIRED',
    });
    expect(await statusOf(region.healthUrl)).toBe(200);

    await simulator.setFault('tls', 'none');
    expect(await statusOf(region.tlsHealthUrl, simulator.caCertificate)).toBe(200);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
