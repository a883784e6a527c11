/** POST /api/v1/analytics/metrics: values a project records itself (recorded/record.ts). */
import type { Request, Router } from 'express';
import { recordValues } from '../recorded/record';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject, guardedRateLimit } from './project-guard';

/** A bulk body of 1,000 metrics with labels fits well within it. */
export const MAX_RECORDED_BODY = '1mb';

/**
 * The parsed body, no longer held by the request: the handler's alone, so it is not kept
 * through the store's round trip (store/redis-recorded.ts says why).
 */
function takeBody(req: Request): unknown {
  const body: unknown = req.body;
  req.body = undefined;
  return body;
}

export function mountRecordedMetrics(router: Router, { runtime, guardDrawnByHandler }: AnalyticsRouteContext): void {
  // The project's request is drawn in the batch's store write (recordValues).
  router.post('/metrics', guardDrawnByHandler, async (req, res) => {
    const deps = { config: runtime.config(), store: runtime.store, onStoreError: () => runtime.events.storeFailed('record_metrics'), onRateLimitStoreError: () => runtime.events.storeFailed('rate_limit') };
    const answer = await recordValues(deps, { project: guardedProject(res), rateLimitPerMinute: guardedRateLimit(res) }, takeBody(req));
    res.status(answer.status).set(answer.headers ?? {}).json(answer.body);
  });
}
