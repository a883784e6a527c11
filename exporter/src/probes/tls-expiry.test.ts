import { earliestExpiry, peerCertificateExpiry, type CertificateLink } from './tls-expiry';

const at = (iso: string): number => Date.parse(iso) / 1000;
// Node's valid_to format, e.g. "Jan  1 00:00:00 2031 GMT".
const link = (validTo: string, fingerprint256: string, issuerCertificate?: CertificateLink): CertificateLink => ({
  valid_to: validTo,
  fingerprint256,
  issuerCertificate,
});

describe('earliestExpiry', () => {
  it('finds the earliest expiry anywhere in the chain, not just the leaf', () => {
    const root = link('Jan  1 00:00:00 2040 GMT', 'root');
    const intermediate = link('Mar 15 12:00:00 2030 GMT', 'intermediate', root);
    const leaf = link('Jun  1 00:00:00 2031 GMT', 'leaf', intermediate);
    expect(earliestExpiry(leaf)).toBe(at('2030-03-15T12:00:00Z'));
  });

  it('stops at a self-signed certificate that names itself as issuer, even without a fingerprint', () => {
    const self: { valid_to: string; issuerCertificate?: CertificateLink } = { valid_to: 'Jan  1 00:00:00 2031 GMT' };
    self.issuerCertificate = self;
    expect(earliestExpiry(self)).toBe(at('2031-01-01T00:00:00Z'));
  });

  it('finds nothing in the empty object Node returns when there is no certificate', () => {
    expect(earliestExpiry({} as CertificateLink)).toBeUndefined();
    expect(earliestExpiry(undefined)).toBeUndefined();
  });

  it('skips a date it cannot read', () => {
    expect(earliestExpiry(link('someday', 'leaf', link('Jan  1 00:00:00 2031 GMT', 'ca')))).toBe(at('2031-01-01T00:00:00Z'));
  });
});

describe('peerCertificateExpiry', () => {
  it('finds nothing on a socket that is not TLS', () => {
    expect(peerCertificateExpiry({})).toBeUndefined();
    expect(peerCertificateExpiry(null)).toBeUndefined();
  });
});
