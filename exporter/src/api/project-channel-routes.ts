/** PUT and GET /api/v1/analytics/channels/:project_id: the project's notification destinations. */
import type { Router } from 'express';
import { validateChannels } from '../project-channels/channels-body';
import { publicChannels, saveChannels } from '../project-channels/channels';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject } from './project-guard';
import { badRequest } from './request-body';
import { withAlerts } from './project-alert-routes';

export function mountProjectChannels(router: Router, context: AnalyticsRouteContext): void {
  router.put(
    '/channels/:project_id',
    context.guard,
    withAlerts(context, async (alerts, project, req, res) => {
      const parsed = await validateChannels(req.body, alerts.settings.allowDestinations, alerts.settings.smtp !== undefined);
      if (!parsed.ok) {
        res.status(400).json(badRequest(parsed.problems));
        return;
      }
      // The only answer that shows the webhook's signing secret.
      res.json({ project_id: project, ...(await saveChannels(context.runtime.store, project, parsed.value)) });
    }),
  );
  router.get(
    '/channels/:project_id',
    context.guard,
    withAlerts(context, async (_alerts, project, _req, res) => {
      res.json({ project_id: guardedProject(res), ...publicChannels(await context.runtime.store.projectChannels(project)) });
    }),
  );
}
