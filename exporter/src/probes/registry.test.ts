import net from 'node:net';
import { PROBES, runProbe } from './registry';
import { serve, VERIFY, type RunningServer } from './test-servers';
import { PROBE_FAILURE_REASONS, type ProbeSpec } from './types';

describe('PROBES', () => {
  it('has one function for each probe kind', () => {
    expect(Object.keys(PROBES).sort()).toEqual(['http', 'tcp', 'websocket']);
  });
});

describe('runProbe', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve(net.createServer(() => undefined));
  });
  afterAll(() => server.close());

  it('dispatches on kind', async () => {
    const spec: ProbeSpec = {
      kind: 'tcp',
      target: `127.0.0.1:${server.port}`,
      intervalMs: 15_000,
      timeoutMs: 1000,
      tcp: { tls: false, tlsOptions: VERIFY },
    };
    expect(await runProbe(spec)).toMatchObject({ success: true });
  });

  const garbage: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an empty object', {}],
    ['an unknown kind', { kind: 'icmp', target: '127.0.0.1', timeoutMs: 1000 }],
    ['a kind from the prototype', { kind: 'toString', target: 'x', timeoutMs: 1000 }],
    ['http without options', { kind: 'http', target: 'http://127.0.0.1:1/', timeoutMs: 1000 }],
    ['http with options of the wrong shape', { kind: 'http', target: 'http://127.0.0.1:1/', timeoutMs: 1000, http: { tls: 7 } }],
    ['tcp with a numeric target', { kind: 'tcp', target: 80, timeoutMs: 1000, tcp: { tls: false, tlsOptions: VERIFY } }],
    ['websocket without a timeout', { kind: 'websocket', target: 'ws://127.0.0.1:1/', websocket: { tls: VERIFY } }],
  ];
  it.each(garbage)('never throws, even for %s', async (_name, spec) => {
    const result = await runProbe(spec as ProbeSpec);
    expect(result.success).toBe(false);
    expect(PROBE_FAILURE_REASONS).toContain(result.reason);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(typeof result.message).toBe('string');
  });
});
