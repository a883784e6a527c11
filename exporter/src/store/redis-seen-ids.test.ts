import { DIGEST_BYTES, idDigest, idDigestHex } from './redis-seen-ids';

describe('the digest an event id is kept as', () => {
  // Seen ids already stored were written with these bytes: a different digest would count a retry twice.
  it('is the first 16 bytes of SHA-256 over the JSON [project, id]', () => {
    expect(idDigestHex('acme', 'evt-1')).toBe('c71fbd4843d88344613ae29c021ed1fb');
    expect(idDigest('acme', 'evt-1')).toEqual(Buffer.from('c71fbd4843d88344613ae29c021ed1fb', 'hex'));
    expect(idDigest('acme', 'evt-1')).toHaveLength(DIGEST_BYTES);
  });

  it('differs between projects for the same id', () => {
    expect(idDigestHex('acme', 'evt-1')).not.toBe(idDigestHex('globex', 'evt-1'));
  });
});
