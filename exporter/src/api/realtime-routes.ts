/** GET /api/v1/analytics/realtime/:project_id: the project's real-time dashboard document. */
import type { Router } from 'express';
import { z } from 'zod';
import { readRealtime } from '../analytics/realtime-read';
import { answerFromStore, parseQuery } from './analytics-query';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject } from './project-guard';

/** It takes no query parameters; any given is named in a 400. */
const realtimeQuery = z.strictObject({});

export function mountRealtime(router: Router, { runtime, guard }: AnalyticsRouteContext): void {
  router.get('/realtime/:project_id', guard, async (req, res) => {
    if (parseQuery(realtimeQuery, req, res) === undefined) return;
    const project = guardedProject(res);
    await answerFromStore(res, () => runtime.events.storeFailed('read_realtime'), () => readRealtime(runtime.store, runtime.config(), project, Date.now()));
  });
}
