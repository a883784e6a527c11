/**
 * Bearer keys of Pulse's services (the exporter's admin and project keys, the forecaster's admin
 * key): only a key's sha256 is kept, and a presented key is compared in constant time.
 */
import { createHash, hash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/** The bearer token from an Authorization header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Compares a presented key with a stored sha256 in constant time. */
export function keyMatches(presented: string, storedSha256: string): boolean {
  // The one-shot hash: a Hash object per request cost about twice as much (every request with a key pays it).
  const digest = hash('sha256', presented, 'buffer');
  const stored = Buffer.from(storedSha256, 'hex');
  return stored.length === digest.length && timingSafeEqual(digest, stored);
}

/** Whether an Authorization header carries the key whose sha256 is given (false when none is configured). */
export function presentsKey(header: string | undefined, storedSha256: string | undefined): boolean {
  const token = bearerToken(header);
  return token !== undefined && storedSha256 !== undefined && keyMatches(token, storedSha256);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Requires the admin key. With none configured the endpoint is refused (403 saying how to set
 * one), so a forgotten key never leaves it open.
 */
export function requireAdminKey(adminKeySha256: () => string | undefined, howToConfigure: string): RequestHandler {
  return (req, res, next) => {
    const stored = adminKeySha256();
    if (stored === undefined) {
      res.status(403).json({ error: `no admin key is configured (${howToConfigure})` });
      return;
    }
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'admin key required: Authorization: Bearer <key>' });
      return;
    }
    if (!keyMatches(token, stored)) {
      res.status(403).json({ error: 'admin key does not match' });
      return;
    }
    next();
  };
}
