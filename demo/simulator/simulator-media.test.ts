import { WebSocket } from 'ws';
import { createSimulator, type Simulator } from './simulator';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await createSimulator({ regions: [{ code: 'media', latencyMs: 40 }] });
});

afterEach(() => simulator.setFault('media', 'none'));
afterAll(() => simulator.close());

type UpgradeOutcome = { readonly opened: WebSocket; readonly ms: number } | { readonly failed: string };

/** Opens a WebSocket trusting the simulator's CA; failure (status, TLS error, timeout) comes back as text. */
function open(url: string, timeoutMs = 2000): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const ws = new WebSocket(url, { ca: simulator.caCertificate, handshakeTimeout: timeoutMs });
    ws.once('open', () => resolve({ opened: ws, ms: performance.now() - started }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ failed: `status ${res.statusCode}` });
      ws.terminate();
    });
    ws.once('error', (error: NodeJS.ErrnoException) => resolve({ failed: error.code ?? error.message }));
  });
}

function reply(ws: WebSocket, text: string): Promise<{ message: Record<string, unknown>; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    ws.once('message', (data) => resolve({ message: JSON.parse(data.toString()), ms: performance.now() - started }));
    ws.send(text);
  });
}

describe('the media endpoint', () => {
  it('upgrades wss:// on /rtc after the injected latency and answers a text message with a pong', async () => {
    const outcome = await open(simulator.region('media').mediaUrl);
    if (!('opened' in outcome)) throw new Error(`upgrade failed: ${outcome.failed}`);
    expect(outcome.ms).toBeGreaterThanOrEqual(39);
    const answer = await reply(outcome.opened, 'ping');
    expect(answer.message).toMatchObject({ type: 'pong', region: 'media', echo: 'ping' });
    expect(answer.ms).toBeGreaterThanOrEqual(39);
    expect(answer.ms).toBeLessThan(60);
    outcome.opened.close();
  });

  it('refuses the upgrade with 503 under fault error', async () => {
    await simulator.setFault('media', 'error');
    expect(await open(simulator.region('media').mediaUrl)).toEqual({ failed: 'status 503' });
  });

  it('refuses upgrades on other paths with 404', async () => {
    expect(await open(simulator.region('media').mediaUrl.replace('/rtc', '/other'))).toEqual({ failed: 'status 404' });
  });

  it('never completes the upgrade under fault hanging', async () => {
    await simulator.setFault('media', 'hanging');
    const outcome = await open(simulator.region('media').mediaUrl, 200);
    expect(outcome).toEqual({ failed: expect.stringMatching(/timed out/i) });
  });

  it('fails the handshake with an expired certificate under fault tls', async () => {
    await simulator.setFault('media', 'tls');
    expect(await open(simulator.region('media').mediaUrl)).toEqual({ failed: 'CERT_HAS_EXPIRED' });
  });
});
