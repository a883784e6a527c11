/**
 * Express middleware in front of every per-project analytics endpoint: authenticates the key,
 * authorises the project (from the `:project_id` path parameter, or `project_id` in the JSON
 * body), applies the project's API rate limit (or leaves it to the handler's store write), and
 * writes one audit line per request.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../../common/log';
import type { ExporterRuntime } from '../runtime';
import { projectAccess } from '../usage/project-access';
import { consumeProjectRequest } from '../usage/project-rate-limit';
import { bearerToken } from '../../../common/http/bearer-key';

/** The project the guard admitted; handlers read it instead of the raw parameter. */
export function guardedProject(res: Response): string {
  const project = res.locals.project as string | undefined;
  if (project === undefined) throw new Error('guardedProject: the route has no project guard');
  return project;
}

function requestedProject(req: Request): string | undefined {
  const fromPath = req.params.project_id;
  if (typeof fromPath === 'string') return fromPath;
  const fromBody = (req.body as { project_id?: unknown } | undefined)?.project_id;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

/** The project's API rate limit, for a handler behind a guard that left the draw to it. */
export function guardedRateLimit(res: Response): number {
  const perMinute = res.locals.rateLimitPerMinute as number | undefined;
  if (perMinute === undefined) throw new Error('guardedRateLimit: the route has no project guard');
  return perMinute;
}

/**
 * `drawRateLimit: false` leaves the request's draw to the handler, which must make it (in its
 * store write: one round trip instead of two; recorded/record.ts).
 */
export function projectGuard(runtime: ExporterRuntime, log: Logger, { drawRateLimit = true } = {}): RequestHandler {
  return async (req, res, next) => {
    const started = process.hrtime.bigint();
    const project = requestedProject(req);
    res.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ audit: true, project: project ?? null, method: req.method, route: req.baseUrl + (req.route?.path ?? req.path), status: res.statusCode, duration_ms: Math.round(durationMs * 1000) / 1000 }, 'analytics request');
    });
    if (project === undefined) {
      res.status(400).json({ error: 'invalid request: project_id: is required', problems: [{ field: 'project_id', message: 'is required' }] });
      return;
    }
    const access = projectAccess(runtime.config(), bearerToken(req.headers.authorization), project);
    if (!access.ok) {
      if (access.status === 401) res.set('WWW-Authenticate', 'Bearer');
      res.status(access.status).json({ error: access.error });
      return;
    }
    if (drawRateLimit) {
      const rate = await consumeProjectRequest(runtime.store, project, access.rateLimitPerMinute, () => runtime.events.storeFailed('rate_limit'));
      if (!rate.ok) {
        res.status(rate.status).set('Retry-After', rate.retryAfter).json({ error: rate.error });
        return;
      }
    }
    res.locals.project = project;
    res.locals.rateLimitPerMinute = access.rateLimitPerMinute;
    next();
  };
}
