import { createHash } from 'node:crypto';
import { keyMatches, presentsKey, sha256Hex } from './bearer-key';

const stored = createHash('sha256').update('the-admin-key').digest('hex');

describe('bearer keys', () => {
  it('matches the key whose sha256 is stored, and no other', () => {
    expect(sha256Hex('the-admin-key')).toBe(stored);
    expect(keyMatches('the-admin-key', stored)).toBe(true);
    expect(keyMatches('the-admin-kez', stored)).toBe(false);
    expect(keyMatches('', stored)).toBe(false);
  });

  it('matches nothing against a stored value that is not a sha256', () => {
    expect(keyMatches('the-admin-key', stored.slice(0, 40))).toBe(false);
    expect(keyMatches('the-admin-key', 'not hex')).toBe(false);
  });

  it('reads the key from a Bearer header only, and never matches when no key is configured', () => {
    expect(presentsKey('Bearer the-admin-key', stored)).toBe(true);
    expect(presentsKey('bearer   the-admin-key  ', stored)).toBe(true);
    expect(presentsKey('Basic the-admin-key', stored)).toBe(false);
    expect(presentsKey(undefined, stored)).toBe(false);
    expect(presentsKey('Bearer the-admin-key', undefined)).toBe(false);
  });
});
