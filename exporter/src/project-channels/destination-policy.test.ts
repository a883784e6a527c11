import { destinationProblem, isInternalAddress } from './destination-policy';

describe('the destination policy', () => {
  it.each(['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1'])('calls %s internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('calls %s public', (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });

  it('refuses a name that resolves to an internal address, whatever the name', async () => {
    expect(await destinationProblem('https://hooks.acme.example/x', [], async () => ['203.0.113.9', '10.0.0.7'])).toContain('resolves to 10.0.0.7');
    expect(await destinationProblem('https://localhost/x', [])).toContain('a loopback, private or link-local address');
  });

  it('accepts https to a public address, and an allow-listed host or address', async () => {
    expect(await destinationProblem('https://hooks.acme.example/x', [], async () => ['203.0.113.9'])).toBeUndefined();
    expect(await destinationProblem('http://127.0.0.1:8080/x', ['127.0.0.1'])).toBeUndefined();
    expect(await destinationProblem('https://sink.internal/x', ['10.0.0.7'], async () => ['10.0.0.7'])).toBeUndefined();
  });

  it('refuses plain http, other schemes and names that do not resolve', async () => {
    expect(await destinationProblem('http://203.0.113.9/x', [])).toContain('must be an https URL');
    expect(await destinationProblem('ftp://203.0.113.9/x', [])).toContain('must be an https URL');
    expect(await destinationProblem('https://nowhere.invalid/x', [], async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })))).toContain('does not resolve: ENOTFOUND');
  });
});
