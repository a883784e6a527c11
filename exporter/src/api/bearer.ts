import type { RequestHandler } from 'express';
import { presentsKey } from '../../../common/http/bearer-key';

/** Requires a bearer token whose sha256 is given, when one is configured; open otherwise. */
export function optionalBearer(tokenSha256: () => string | undefined, what: string): RequestHandler {
  return (req, res, next) => {
    const expected = tokenSha256();
    if (expected === undefined) return next();
    refuseUnlessPresented(expected, what)(req, res, next);
  };
}

/** Requires a bearer token whose sha256 is given; with none configured the endpoint is off (403 saying how to turn it on). */
export function requiredBearer(tokenSha256: () => string | undefined, what: string, howToConfigure: string): RequestHandler {
  return (req, res, next) => {
    const expected = tokenSha256();
    if (expected === undefined) {
      res.status(403).json({ error: `${what} is off: no token is configured (${howToConfigure})` });
      return;
    }
    refuseUnlessPresented(expected, what)(req, res, next);
  };
}

function refuseUnlessPresented(expectedSha256: string, what: string): RequestHandler {
  return (req, res, next) => {
    if (!presentsKey(req.headers.authorization, expectedSha256)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: `${what} requires its bearer token` });
      return;
    }
    next();
  };
}
