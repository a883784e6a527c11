/**
 * The exporter's HTTP surface: Prometheus-style operational endpoints, /metrics, and the JSON
 * API. Handlers only translate HTTP to runtime calls and render functions.
 */
import express, { type ErrorRequestHandler } from 'express';
import type { RequestListener } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../../../common/log';
import type { ExporterRuntime } from '../runtime';
import type { LocateClient } from '../selection/client-location';
import { requireAdmin } from './admin-auth';
import { renderUsageMetrics } from '../metrics/usage-metrics';
import { alertsRouter } from './alerts-routes';
import { analyticsRouter } from './analytics-routes';
import { optionalBearer } from './bearer';
import { failureBudget } from './failure-budget';
import { DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE } from '../cli-flags';
import { excerpt } from '../../../common/http/problems';
import { errorAnswer } from './error-answer';
import { probedHealthRoute } from './probed-health-route';
import { usageRouter } from './usage-routes';
import { nearestHandler } from './nearest-route';
import { regionsRouter } from './regions-routes';
import { jsonBody } from './request-body';
import { statusPage } from '../live/status-page';

export interface HttpAppDeps {
  readonly runtime: ExporterRuntime;
  readonly registry: Registry;
  readonly locate: LocateClient;
  readonly log: Logger;
  /** Extra exposition text appended to /metrics (OpenTelemetry self-telemetry). */
  readonly extraMetrics?: () => Promise<string>;
  /** --web.enable-lifecycle: without it /-/reload answers 403. */
  readonly enableLifecycle?: boolean;
  /** --web.max-failed-requests-per-minute (default DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE). */
  readonly maxFailedRequestsPerMinute?: number;
}

export function createHttpApp(deps: HttpAppDeps): RequestListener {
  const { runtime } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const budget = failureBudget(deps.maxFailedRequestsPerMinute ?? DEFAULT_MAX_FAILED_REQUESTS_PER_MINUTE);
  app.use(budget);

  app.get('/-/healthy', (_req, res) => {
    res.type('text/plain').send('Pulse exporter is Healthy.\n');
  });
  app.get('/-/ready', (_req, res) => {
    if (runtime.ready()) res.type('text/plain').send('Pulse exporter is Ready.\n');
    else res.status(503).type('text/plain').send('Pulse exporter is not ready.\n');
  });
  const reload = async (_req: express.Request, res: express.Response) => {
    const outcome = await runtime.reload();
    if (outcome.ok) res.type('text/plain').send('config reloaded\n');
    else if (outcome.retryAfterSeconds !== undefined) res.status(429).set('Retry-After', String(outcome.retryAfterSeconds)).type('text/plain').send(`${outcome.error}\n`);
    else res.status(500).type('text/plain').send(`failed to reload config: ${outcome.error}\n`);
  };
  // As in Prometheus: off unless --web.enable-lifecycle; then the admin key once one is configured.
  const lifecycleGuard: express.RequestHandler = (req, res, next) => {
    if (!deps.enableLifecycle) res.status(403).type('text/plain').send('lifecycle endpoints are off: start with --web.enable-lifecycle\n');
    else if (runtime.config().adminKeySha256 === undefined) next();
    else requireAdmin(() => runtime.config().adminKeySha256)(req, res, next);
  };
  app.post('/-/reload', lifecycleGuard, reload);
  app.put('/-/reload', lifecycleGuard, reload);

  app.get('/metrics', optionalBearer(() => runtime.config().metricsTokenSha256, '/metrics'), async (_req, res) => {
    const snapshot = await runtime.refreshSnapshot();
    const own = await deps.registry.metrics();
    const extra = deps.extraMetrics ? await deps.extraMetrics().catch(() => '') : '';
    // Written as chunks: the usage series' cached bytes go out as they are, never joined into one
    // body (nor hashed for an ETag, which a scrape never sends back).
    const chunks = [Buffer.from(`${own}\n`), ...renderUsageMetrics(snapshot), ...(extra ? [Buffer.from(`\n${extra}`)] : [])];
    let length = 0;
    for (const chunk of chunks) length += chunk.length;
    res.status(200).type(deps.registry.contentType).set('content-length', String(length));
    res.cork();
    for (const chunk of chunks) res.write(chunk);
    res.end();
  });

  app.get('/status', statusPage(runtime));
  app.post('/api/v1/regions/nearest', jsonBody('64kb'), nearestHandler(runtime, deps.locate));
  app.use('/api/v1/regions', jsonBody('64kb'), regionsRouter(runtime));
  app.use('/api/v1/usage', usageRouter(runtime));
  app.use('/api/v1/alerts', alertsRouter(runtime));
  app.use('/api/v1/analytics', analyticsRouter(runtime, deps.log));

  app.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${excerpt(req.path)}` });
  });
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const answer = errorAnswer(error);
    if (answer.status === 500) deps.log.error({ err: error }, 'request failed');
    res.status(answer.status).json(answer.body);
  };
  app.use(onError);
  // The on-demand probe route is served before express when it can be (probed-health-route.ts).
  const probedHealth = probedHealthRoute(runtime, budget, deps.log);
  return (req, res) => {
    if (!probedHealth(req, res)) app(req, res);
  };
}
