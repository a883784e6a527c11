/** GET /api/v1/analytics/triggers/:project_id?limit=: the project's triggers (analytics/triggers.ts), newest first. */
import type { Router } from 'express';
import { z } from 'zod';
import { readTriggers, TRIGGERS_DEFAULT_LIMIT, TRIGGERS_MAX_LIMIT } from '../analytics/triggers';
import { answerFromStore, parseQuery } from './analytics-query';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject } from './project-guard';

const range = `must be a whole number from 1 to ${TRIGGERS_MAX_LIMIT}`;
const triggersQuery = z.strictObject({
  limit: z.coerce.number(range).int(range).min(1, range).max(TRIGGERS_MAX_LIMIT, range).default(TRIGGERS_DEFAULT_LIMIT),
});

export function mountTriggers(router: Router, { runtime, guard }: AnalyticsRouteContext): void {
  router.get('/triggers/:project_id', guard, async (req, res) => {
    const query = parseQuery(triggersQuery, req, res);
    if (query === undefined) return;
    const project = guardedProject(res);
    await answerFromStore(
      res,
      () => runtime.events.storeFailed('list_triggers'),
      async () => {
        const triggers = await readTriggers(runtime.store, project, query.limit);
        return { project_id: project, limit: query.limit, count: triggers.length, triggers };
      },
    );
  });
}
