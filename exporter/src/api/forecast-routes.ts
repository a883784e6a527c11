/** GET /api/v1/analytics/forecast/:project_id?metric_type=&days=1..90: the forecaster's answer, per project. */
import type { Router } from 'express';
import { z } from 'zod';
import { askForecaster } from '../analytics/forecaster-client';
import { METRIC_TYPE_NAMES, usageTypeOf } from '../analytics/metric-types';
import { renderForecast } from '../analytics/render-forecast';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject } from './project-guard';
import { badRequest, parseBody } from './request-body';

export const FORECAST_MAX_DAYS = 90;
export const FORECAST_DEFAULT_DAYS = 7;

export const metricTypeName = z.string().refine((name) => usageTypeOf(name) !== undefined, { message: `must be one of ${METRIC_TYPE_NAMES.join(', ')}` });

const forecastQuery = z.strictObject({
  metric_type: metricTypeName,
  days: z.coerce.number().int('must be a whole number').min(1, `must be from 1 to ${FORECAST_MAX_DAYS}`).max(FORECAST_MAX_DAYS, `must be from 1 to ${FORECAST_MAX_DAYS}`).default(FORECAST_DEFAULT_DAYS),
});

export function mountForecastRoutes(router: Router, { runtime, guard }: AnalyticsRouteContext): void {
  router.get('/forecast/:project_id', guard, async (req, res) => {
    const parsed = parseBody(forecastQuery, { ...req.query });
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    const project = guardedProject(res);
    const { metric_type: metricType, days } = parsed.value;
    const answer = await askForecaster(runtime.config().forecaster, { project, usageType: usageTypeOf(metricType)!, days });
    if (!answer.ok) {
      res.status(503).set('Retry-After', '60').json({ error: answer.reason });
      return;
    }
    res.json(renderForecast(answer.forecast, { project, metricType, days }));
  });
}
