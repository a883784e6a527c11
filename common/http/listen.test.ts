import { listen, parseListenAddress } from './listen';

describe('parsing a listen address', () => {
  it.each([
    [':9470', { host: undefined, port: 9470 }],
    ['127.0.0.1:9470', { host: '127.0.0.1', port: 9470 }],
    ['[::1]:0', { host: '::1', port: 0 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('reads %s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['9470', '127.0.0.1', ':99999', '::1:9470', 'host:port'])('rejects %j naming the flag', (text) => {
    expect(() => parseListenAddress(text)).toThrow(`--web.listen-address: must be [host]:port such as :9470 or 127.0.0.1:9470 (got "${text}")`);
  });
});

describe('listening', () => {
  it('serves on a free loopback port and says clearly when the port is taken', async () => {
    const first = await listen((_req, res) => res.end('ok'), { host: '127.0.0.1', port: 0 });
    try {
      expect(await (await fetch(first.url)).text()).toBe('ok');
      await expect(listen(() => undefined, { host: '127.0.0.1', port: first.address.port })).rejects.toThrow(
        `listen 127.0.0.1:${first.address.port}: address already in use`,
      );
    } finally {
      await first.close();
    }
  });
});
