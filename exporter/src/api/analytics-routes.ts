/**
 * The per-project analytics API (`/api/v1/analytics/*`, the original design's contract). Every
 * route that names a project goes through the project guard; each feature mounts its own routes
 * from its own file, one line each below.
 */
import express, { Router } from 'express';
import type { Logger } from '../../../common/log';
import type { ExporterRuntime } from '../runtime';
import type { AnalyticsRouteContext } from './analytics-context';
import { mountCustomMetrics } from './custom-metric-routes';
import { mountExportRoutes } from './export-routes';
import { mountForecastRoutes } from './forecast-routes';
import { mountProjectAlerts } from './project-alert-routes';
import { mountProjectChannels } from './project-channel-routes';
import { mountProjectTriggers } from './project-trigger-routes';
import { projectGuard } from './project-guard';
import { mountRealtime } from './realtime-routes';
import { MAX_RECORDED_BODY, mountRecordedMetrics } from './recorded-metrics-routes';
import { jsonBody } from './request-body';
import { mountTriggers } from './triggers-routes';
import { mountLiveEvents } from '../live/sse-route';

export type { AnalyticsRouteContext };

type MountRoutes = (router: Router, context: AnalyticsRouteContext) => void;

/**
 * One entry per feature (realtime, triggers, forecast, export, alerts, custom metrics, streams).
 * Recorded values first: the busiest route (bulk writes at a client's rate), and express tries
 * every earlier route's path on each request (no two features share a method and path).
 */
const FEATURES: readonly MountRoutes[] = [
  mountRecordedMetrics,
  mountRealtime,
  mountTriggers,
  mountForecastRoutes,
  mountExportRoutes,
  mountProjectAlerts,
  mountProjectChannels,
  mountProjectTriggers,
  mountCustomMetrics,
  mountLiveEvents,
];

export function analyticsRouter(runtime: ExporterRuntime, log: Logger): Router {
  const router = Router();
  // A bulk of recorded metrics may be larger than other bodies; parsed here, the general parser skips it.
  router.use('/metrics', jsonBody(MAX_RECORDED_BODY));
  router.use(express.json({ limit: '64kb' }));
  const context: AnalyticsRouteContext = { runtime, log, guard: projectGuard(runtime, log), guardDrawnByHandler: projectGuard(runtime, log, { drawRateLimit: false }) };
  for (const mount of FEATURES) mount(router, context);
  return router;
}
