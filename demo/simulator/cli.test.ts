import { formatRegionLines, parseCliArgs } from './cli';
import type { SimulatedRegionInfo } from './types';

describe('parseCliArgs', () => {
  it('defaults to loopback and control port 9480', () => {
    expect(parseCliArgs([])).toEqual({ host: '127.0.0.1', controlPort: 9480, caOut: undefined, seed: undefined, help: false });
  });

  it('reads every flag', () => {
    expect(parseCliArgs(['--host', '0.0.0.0', '--control-port', '0', '--ca-out', '/tmp/ca.pem', '--seed', '7'])).toEqual({
      host: '0.0.0.0',
      controlPort: 0,
      caOut: '/tmp/ca.pem',
      seed: 7,
      help: false,
    });
  });

  it.each([
    [['--control-port', 'abc'], '--control-port'],
    [['--control-port', '70000'], '--control-port'],
    [['--seed', '-1'], '--seed'],
    [['--colour'], '--colour'],
  ])('rejects %j naming %s', (argv, flag) => {
    expect(() => parseCliArgs(argv)).toThrow(flag);
  });
});

describe('formatRegionLines', () => {
  it('prints one line per region with its URLs, then the control API', () => {
    const region = {
      code: 'us-east',
      healthUrl: 'http://127.0.0.1:9481/health',
      tlsHealthUrl: 'https://127.0.0.1:9491/health',
      mediaUrl: 'wss://127.0.0.1:9491/rtc',
      latencyMs: 20,
    } as SimulatedRegionInfo;
    expect(formatRegionLines([region], 'http://127.0.0.1:9480')).toEqual([
      'us-east  http://127.0.0.1:9481/health  https://127.0.0.1:9491/health  wss://127.0.0.1:9491/rtc  20ms',
      'control  http://127.0.0.1:9480/regions',
    ]);
  });
});
