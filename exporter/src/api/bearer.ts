import type { RequestHandler } from 'express';
import { bearerToken, keyMatches } from '../../../common/http/bearer-key';

/** Requires a bearer token whose sha256 is given, when one is configured; open otherwise. */
export function optionalBearer(tokenSha256: () => string | undefined, what: string): RequestHandler {
  return (req, res, next) => {
    const expected = tokenSha256();
    if (expected === undefined) return next();
    const token = bearerToken(req.headers.authorization);
    if (token === undefined || !keyMatches(token, expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: `${what} requires its bearer token` });
      return;
    }
    next();
  };
}
