import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/** The bearer token from an Authorization header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Compares a presented key with a stored sha256 in constant time. */
export function keyMatches(presented: string, storedSha256: string): boolean {
  const digest = createHash('sha256').update(presented).digest();
  const stored = Buffer.from(storedSha256, 'hex');
  return stored.length === digest.length && timingSafeEqual(digest, stored);
}

/**
 * Requires the admin key. With no admin key configured, admin endpoints are refused, so a
 * forgotten key never leaves them open.
 */
export function requireAdmin(adminKeySha256: () => string | undefined): RequestHandler {
  return (req, res, next) => {
    const stored = adminKeySha256();
    if (stored === undefined) {
      res.status(403).json({ error: 'no admin key is configured (set PULSE_ADMIN_KEY, admin.key_file or admin.key_sha256)' });
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
