/** POST /api/v1/analytics/metrics: values a project records itself (recorded/record.ts). */
import type { Router } from 'express';
import { recordValues } from '../recorded/record';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject } from './project-guard';

/** A bulk body of 1,000 metrics with labels fits well within it. */
export const MAX_RECORDED_BODY = '1mb';

export function mountRecordedMetrics(router: Router, { runtime, guard }: AnalyticsRouteContext): void {
  router.post('/metrics', guard, async (req, res) => {
    const answer = await recordValues({ config: runtime.config(), store: runtime.store, onStoreError: () => runtime.events.storeFailed('record_metrics') }, guardedProject(res), req.body);
    res.status(answer.status).set(answer.headers ?? {}).json(answer.body);
  });
}
