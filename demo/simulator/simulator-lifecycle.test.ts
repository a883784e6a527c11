import net from 'node:net';
import { WebSocket } from 'ws';
import { connectTcp, fetchOnce } from './loopback-client';
import { hostForUrls } from './simulated-region';
import { freePort } from '../../common/testing/free-port';
import { createSimulator } from './simulator';

describe('close', () => {
  it('finishes promptly with hanging HTTP, HTTPS and WebSocket connections open, and frees every port', async () => {
    const simulator = await createSimulator({ regions: [{ code: 'stuck', latencyMs: 5 }, { code: 'slow', latencyMs: 60_000 }] });
    await simulator.setFault('stuck', 'hanging');
    const region = simulator.region('stuck');
    const pending = [
      fetchOnce(region.healthUrl, { timeoutMs: 10_000 }),
      fetchOnce(region.tlsHealthUrl, { ca: simulator.caCertificate, timeoutMs: 10_000 }),
      fetchOnce(simulator.region('slow').healthUrl, { timeoutMs: 10_000 }),
    ];
    const ws = new WebSocket(region.mediaUrl, { ca: simulator.caCertificate });
    const wsClosed = new Promise((resolve) => ws.once('close', resolve));
    ws.on('error', () => undefined);
    while (simulator.requests('stuck') < 3 || simulator.requests('slow') < 1) await new Promise((resolve) => setTimeout(resolve, 5));

    const started = performance.now();
    await simulator.close();
    // close() ends the connections itself rather than waiting for them: the clients give up only
    // after 10 s and the slow region answers after 60 s, so 5 s tells the two apart with room for
    // a late timer, and no client saw its own timeout.
    expect(performance.now() - started).toBeLessThan(5_000);
    const outcomes = await Promise.all(pending);
    expect(outcomes.map((outcome) => (outcome.answered ? 'answered' : outcome.code)).filter((code) => code === 'answered' || code === 'TIMEOUT')).toEqual([]);
    await wsClosed;
    expect(await connectTcp('127.0.0.1', region.httpPort)).toBe('ECONNREFUSED');
    expect(await connectTcp('127.0.0.1', region.tlsPort)).toBe('ECONNREFUSED');
    expect(await connectTcp('127.0.0.1', Number(new URL(simulator.controlUrl).port))).toBe('ECONNREFUSED');
  });

  it('can be called twice', async () => {
    const simulator = await createSimulator({ regions: [{ code: 'once', latencyMs: 0 }] });
    await Promise.all([simulator.close(), simulator.close()]);
    await simulator.close();
  });

  it('works while a region is down', async () => {
    const simulator = await createSimulator({ regions: [{ code: 'gone', latencyMs: 0 }] });
    await simulator.setFault('gone', 'down');
    await simulator.close();
  });
});

describe('start-up', () => {
  it('names the busy port and leaves nothing listening when a port is taken', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const busyPort = (squatter.address() as net.AddressInfo).port;
    const controlPort = await freePort();
    try {
      await expect(
        createSimulator({ controlPort, regions: [{ code: 'clash', httpPort: busyPort, latencyMs: 0 }] }),
      ).rejects.toThrow(`region clash http: port ${busyPort} is already in use`);
      expect(await connectTcp('127.0.0.1', controlPort)).toBe('ECONNREFUSED');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it.each([
    [[{ code: 'a', latencyMs: 1 }, { code: 'a', latencyMs: 1 }], 'regions[1].code: duplicate region "a"'],
    [[{ code: 'Bad Code', latencyMs: 1 }], 'regions[0].code'],
    [[{ code: 'a', latencyMs: -1 }], 'regions[0].latencyMs'],
    [[{ code: 'a', latencyMs: 1, jitterMs: Number.NaN }], 'regions[0].jitterMs'],
  ])('rejects bad region specs %j', async (regions, message) => {
    await expect(createSimulator({ regions })).rejects.toThrow(message);
  });
});

describe('the simulator API', () => {
  it('rejects unknown regions and bad numbers, naming them', async () => {
    const simulator = await createSimulator({ regions: [{ code: 'only', latencyMs: 0 }] });
    try {
      expect(() => simulator.region('other')).toThrow('unknown region "other"');
      await expect(simulator.setFault('other', 'down')).rejects.toThrow('unknown region "other"');
      expect(() => simulator.setLatency('only', -5)).toThrow('setLatency(only): ms');
      expect(() => simulator.setLoad('only', 1.5)).toThrow('setLoad(only): participants');
    } finally {
      await simulator.close();
    }
  });

  it('walks the load of regions that ask for it, and only those', async () => {
    const simulator = await createSimulator({
      regions: [
        { code: 'walking', latencyMs: 0, load: 5000, loadWalk: true },
        { code: 'still', latencyMs: 0, load: 5000 },
      ],
      loadWalkIntervalMs: 10,
    });
    try {
      const seen = new Set<number>();
      const deadline = Date.now() + 2000;
      while (seen.size < 3 && Date.now() < deadline) {
        seen.add(simulator.region('walking').load);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      expect(seen.size).toBeGreaterThanOrEqual(3);
      expect(simulator.region('still').load).toBe(5000);
    } finally {
      await simulator.close();
    }
  });

  it('puts loopback addresses in the URLs of a server bound to every interface', () => {
    expect(hostForUrls('0.0.0.0')).toBe('127.0.0.1');
    expect(hostForUrls('::')).toBe('[::1]');
    expect(hostForUrls('::1')).toBe('[::1]');
    expect(hostForUrls('localhost')).toBe('localhost');
  });
});
