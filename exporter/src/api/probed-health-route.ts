/**
 * GET /api/v1/regions/:code/health, the route a prober calls once per probe, answered before the
 * request reaches express: its router, body parser and response helpers were about a tenth of the
 * main thread's CPU under on-demand probing, more than the route's own work.
 *
 * Only the plain case is taken here: a GET of a configured region's exact path (a query string is
 * ignored, as express ignores it), without a body or conditional headers, from a client within its
 * failure budget. Anything else (another case, an escaped code, a trailing slash, HEAD, a body, an
 * unknown region, a client answered 429) goes on to express, whose route gives the same answer, so
 * answers are the same either way: status, body, Content-Type, Content-Length and ETag.
 * http.server.request.duration is recorded at the server (common/telemetry), not in express, so it
 * counts these requests too. This route answers 200 or 500, never the 400 or 401 a failure budget
 * counts.
 */
import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../common/log';
import { presentsKey } from '../../../common/http/bearer-key';
import type { RegionConfig } from '../config/model';
import type { ExporterRuntime } from '../runtime';
import { errorAnswer } from './error-answer';
import type { FailureBudget } from './failure-budget';
import { renderProbedHealth } from './render-regions';

const PREFIX = '/api/v1/regions/';
const SUFFIX = '/health';

/**
 * The answer for a configured region: the last result while fresh, else a probe (joined if one
 * runs); the admin key asks for a new probe. Shared with the express route (regions-routes.ts).
 */
export async function probedHealth(runtime: ExporterRuntime, region: RegionConfig, authorization: string | undefined) {
  const { result, load } = await runtime.checkRegion(region.code, { fresh: presentsKey(authorization, runtime.config().adminKeySha256) });
  const probed = { state: runtime.monitor.track(region.code).state, result, atMs: Date.now() };
  // This region's load only: a whole snapshot (every region's state, the usage feed) per probe
  // cost more than the probe itself.
  return renderProbedHealth(region, runtime.config().vantage.name, { ...probed, load: await load });
}

/** The region code of a plain `/api/v1/regions/:code/health` request URL, else undefined (left to express). */
export function healthPathCode(url: string): string | undefined {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length <= PREFIX.length + SUFFIX.length) return undefined;
  const code = path.slice(PREFIX.length, -SUFFIX.length);
  return code.includes('/') || code.includes('%') ? undefined : code;
}

/** Whether express would do more than route this request: a body to parse, or a 304 to consider. */
function needsExpress(req: IncomingMessage): boolean {
  const { headers } = req;
  return (
    req.method !== 'GET' ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
    headers['transfer-encoding'] !== undefined ||
    headers['if-none-match'] !== undefined ||
    headers['if-modified-since'] !== undefined
  );
}

/**
 * express' default ETag for a body it sends (weak: size and a SHA-1 prefix), so both paths answer
 * alike; the one-shot hash costs about half of a Hash object per request.
 */
export function weakEtag(body: Buffer): string {
  return `W/"${body.length.toString(16)}-${hash('sha1', body, 'base64').substring(0, 27)}"`;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.setHeader('ETag', weakEtag(body));
  res.end(body);
}

/** Serves the request and returns true when it is the plain case; false leaves it to express. */
export function probedHealthRoute(runtime: ExporterRuntime, budget: FailureBudget, log: Logger): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const code = req.url === undefined ? undefined : healthPathCode(req.url);
    if (code === undefined || needsExpress(req) || budget.spent(req.socket.remoteAddress ?? 'unknown')) return false;
    const region = runtime.config().regions.find((r) => r.code === code);
    if (!region) return false;
    probedHealth(runtime, region, req.headers.authorization).then(
      (answer) => sendJson(res, 200, answer),
      (error: unknown) => {
        const answer = errorAnswer(error);
        if (answer.status === 500) log.error({ err: error }, 'request failed');
        sendJson(res, answer.status, answer.body);
      },
    );
    return true;
  };
}
