/**
 * The analytics API's alert definitions: POST /alerts (project in the body), GET /alerts/:project_id,
 * PUT and DELETE /alerts/:project_id/:alert_id. Parse and authorise here; the work is in
 * project-alerts/.
 */
import type { Request, Response, Router } from 'express';
import { comparedValue } from '../project-alerts/alert-spec';
import { checkAlerts, MISSING_CUSTOM_METRIC } from '../project-alerts/check';
import { renderedMetric } from '../project-alerts/render';
import type { CustomMetric } from '../custom-metrics/types';
import { createAlertBody, replaceAlertBody, validateAlert } from '../project-alerts/definition';
import { ALERT_ID, type ProjectAlerts } from '../project-alerts/project-alerts';
import type { StoredProjectAlert } from '../project-alerts/types';
import type { SyncOutcome } from '../project-rules/rule-sync';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject } from './project-guard';
import { badRequest } from './request-body';

const OFF = 'project alerts are off: set project_alerts (rules_dir, prometheus_url) in the exporter config';

export function renderProjectAlert(alert: StoredProjectAlert, customs: readonly CustomMetric[]) {
  const metric = renderedMetric(alert, customs);
  return { ...alert, compared_value: metric ? comparedValue(alert, metric) : MISSING_CUSTOM_METRIC };
}

export function renderRules(rules: SyncOutcome) {
  return { loaded: rules.loaded, ...(rules.error ? { error: rules.error } : {}) };
}

/** Runs a handler with the feature on, answering 503 when it is off or the store fails. */
export function withAlerts(context: AnalyticsRouteContext, handle: (alerts: ProjectAlerts, project: string, req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response) => {
    const alerts = context.runtime.projectAlerts;
    if (!alerts) {
      res.status(503).json({ error: OFF });
      return;
    }
    try {
      await handle(alerts, guardedProject(res), req, res);
    } catch (error) {
      context.log.warn({ err: error }, 'project alerts: request failed');
      if (!res.headersSent) res.status(503).set('Retry-After', '1').json({ error: `the alert store is unavailable; retry: ${(error as Error).message}` });
    }
  };
}

function alertId(req: Request, res: Response): string | undefined {
  const id = String(req.params.alert_id);
  if (ALERT_ID.test(id)) return id;
  res.status(404).json({ error: `no alert "${id}" in project "${String(req.params.project_id)}"` });
  return undefined;
}

export function mountProjectAlerts(router: Router, context: AnalyticsRouteContext): void {
  const { guard } = context;
  router.post(
    '/alerts',
    guard,
    withAlerts(context, async (alerts, project, req, res) => {
      const customs = await alerts.customMetrics(project);
      const parsed = validateAlert(createAlertBody, req.body, project, alerts.settings.runbookUrl, customs);
      if (!parsed.ok) {
        res.status(400).json(badRequest(parsed.problems));
        return;
      }
      const outcome = await alerts.create(project, parsed.value);
      if (!outcome.ok) {
        res.status(422).json({ error: `project "${project}" already has ${outcome.limit} alerts, the most allowed (project_alerts.max_per_project); delete one first` });
        return;
      }
      res.status(201).json({ ...renderProjectAlert(outcome.alert, customs), rules: renderRules(outcome.rules) });
    }),
  );
  router.get(
    '/alerts/:project_id',
    guard,
    withAlerts(context, async (alerts, project, _req, res) => {
      const [list, customs] = await Promise.all([alerts.list(project), alerts.customMetrics(project)]);
      res.json({ project_id: project, alerts: list.map((alert) => renderProjectAlert(alert, customs)) });
    }),
  );
  router.post(
    '/alerts/:project_id/check',
    guard,
    withAlerts(context, async (alerts, project, _req, res) => {
      const evaluatedAt = new Date().toISOString();
      let checks;
      try {
        const [list, customs] = await Promise.all([alerts.list(project), alerts.customMetrics(project)]);
        checks = await checkAlerts(alerts.prometheus, project, list, alerts.settings.runbookUrl, customs);
      } catch (error) {
        res.status(503).set('Retry-After', '5').json({ error: `cannot evaluate the alerts now: ${(error as Error).message}` });
        return;
      }
      res.json({ project_id: project, evaluated_at: evaluatedAt, alerts: checks });
    }),
  );
  router.put(
    '/alerts/:project_id/:alert_id',
    guard,
    withAlerts(context, async (alerts, project, req, res) => {
      const id = alertId(req, res);
      if (id === undefined) return;
      const customs = await alerts.customMetrics(project);
      const parsed = validateAlert(replaceAlertBody, req.body, project, alerts.settings.runbookUrl, customs);
      if (!parsed.ok) {
        res.status(400).json(badRequest(parsed.problems));
        return;
      }
      const outcome = await alerts.replace(project, id, parsed.value);
      if (!outcome) {
        res.status(404).json({ error: `no alert "${id}" in project "${project}"` });
        return;
      }
      res.json({ ...renderProjectAlert(outcome.alert, customs), rules: renderRules(outcome.rules) });
    }),
  );
  router.delete(
    '/alerts/:project_id/:alert_id',
    guard,
    withAlerts(context, async (alerts, project, req, res) => {
      const id = alertId(req, res);
      if (id === undefined) return;
      const rules = await alerts.remove(project, id);
      if (!rules) {
        res.status(404).json({ error: `no alert "${id}" in project "${project}"` });
        return;
      }
      res.json({ deleted: id, rules: renderRules(rules) });
    }),
  );
}
