/**
 * The triggers of project alerts: GET /alerts/:project_id/triggers, and POST
 * /triggers/:trigger_id/acknowledge and /resolve (the lifecycle of project-alerts/lifecycle.ts).
 * A trigger route names no project, so the trigger is read first and its project authorised.
 */
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { ProjectTrigger } from '../project-alerts/trigger-types';
import type { LifecycleOutcome, TriggerLifecycle } from '../project-alerts/lifecycle';
import type { AnalyticsRouteContext } from './analytics-context';
import { withAlerts } from './project-alert-routes';
import { badRequest, parseBody } from './request-body';

const TRIGGER_ID = /^[0-9a-f]{24}$/;
const listQuery = z.strictObject({ limit: z.coerce.number().int('must be a whole number').min(1, 'must be from 1 to 100').max(100, 'must be from 1 to 100').default(20) });
const acknowledgeBody = z.strictObject({ by: z.string().min(1).max(100).optional(), comment: z.string().min(1).max(1000).optional() });
const resolveBody = z.strictObject({});

/** Reads the trigger (404 when there is none) and hands its project to the guard. */
function loadTrigger(context: AnalyticsRouteContext): RequestHandler {
  return async (req, res, next) => {
    const id = String(req.params.trigger_id);
    let trigger: ProjectTrigger | undefined;
    try {
      trigger = TRIGGER_ID.test(id) ? await context.runtime.store.trigger(id) : undefined;
    } catch {
      res.status(503).set('Retry-After', '1').json({ error: 'the trigger store is unavailable; retry' });
      return;
    }
    if (!trigger) {
      res.status(404).json({ error: `no trigger "${id}"` });
      return;
    }
    req.params.project_id = trigger.project_id;
    res.locals.trigger = trigger;
    next();
  };
}

function lifecycleRoute(context: AnalyticsRouteContext, body: z.ZodType, act: (lifecycle: TriggerLifecycle, trigger: ProjectTrigger, parsed: { by?: string; comment?: string }) => Promise<LifecycleOutcome>) {
  return withAlerts(context, async (alerts, _project, req, res) => {
    if (!alerts.lifecycle) {
      res.status(503).json({ error: 'acknowledging is off: set project_alerts.alertmanager_url in the exporter config' });
      return;
    }
    const parsed = parseBody(body, req.body ?? {});
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    const outcome = await act(alerts.lifecycle, res.locals.trigger as ProjectTrigger, parsed.value as { by?: string; comment?: string });
    if (!outcome.ok) res.status(outcome.status).json({ error: outcome.error });
    else res.json(outcome.trigger);
  });
}

export function mountProjectTriggers(router: Router, context: AnalyticsRouteContext): void {
  router.get(
    '/alerts/:project_id/triggers',
    context.guard,
    withAlerts(context, async (_alerts, project, req, res) => {
      const parsed = parseBody(listQuery, { ...req.query });
      if (!parsed.ok) {
        res.status(400).json(badRequest(parsed.problems));
        return;
      }
      res.json({ project_id: project, triggers: await context.runtime.store.projectTriggers(project, parsed.value.limit) });
    }),
  );
  router.post('/triggers/:trigger_id/acknowledge', loadTrigger(context), context.guard, lifecycleRoute(context, acknowledgeBody, (l, t, b) => l.acknowledge(t, b.by, b.comment)));
  router.post('/triggers/:trigger_id/resolve', loadTrigger(context), context.guard, lifecycleRoute(context, resolveBody, (l, t) => l.resolve(t)));
}
