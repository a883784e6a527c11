import { Router } from 'express';
import { z } from 'zod';
import { toNotifications, webhookPayloadSchema } from '../alerts/webhook-payload';
import { WEBHOOK_TOKEN_SETTINGS } from '../config/model';
import { recordProjectTriggers } from '../project-alerts/triggers';
import type { ExporterRuntime } from '../runtime';
import { requireAdmin } from './admin-auth';
import { requiredBearer } from './bearer';
import { answerStoreUnavailable } from './store-unavailable';
import { badRequest, jsonBody, parseBody } from './request-body';

const triggersQuery = z.strictObject({
  project: z.string().max(63).optional(),
  severity: z.string().max(32).optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be from 1 to 100').max(100, 'must be from 1 to 100').default(20),
});

/** The Alertmanager webhook receiver and the trigger history it feeds. */
export function alertsRouter(runtime: ExporterRuntime): Router {
  const router = Router();

  // Without a token anyone could post notifications (and grow the history and its series): off.
  const webhookToken = requiredBearer(() => runtime.config().webhookTokenSha256, 'the alert webhook', WEBHOOK_TOKEN_SETTINGS);
  router.post('/webhook', webhookToken, jsonBody('5mb'), async (req, res) => {
    const parsed = webhookPayloadSchema.safeParse(req.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
      res.status(400).json(badRequest(problems));
      return;
    }
    const now = Date.now();
    const notifications = toNotifications(parsed.data, now);
    try {
      await recordProjectTriggers(runtime.store, notifications);
      await runtime.store.addNotifications(notifications, runtime.config().alertRetentionMs, now);
    } catch {
      runtime.events.storeFailed('add_notifications');
      // Alertmanager retries a failed webhook delivery, so nothing is lost.
      answerStoreUnavailable(res, 'the alert history store', 5);
      return;
    }
    // Sent after answering: Alertmanager need not wait for the projects' destinations.
    runtime.projectAlerts?.deliveries.enqueue(notifications).catch(() => undefined);
    runtime.live.alertsArrived(notifications);
    res.json({ stored: parsed.data.alerts.length });
  });

  // Every project's history: the admin key only (a project's own history comes with the analytics API).
  router.get('/triggers', requireAdmin(() => runtime.config().adminKeySha256), async (req, res) => {
    const parsed = parseBody(triggersQuery, { ...req.query });
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    let notifications;
    try {
      notifications = await runtime.store.listNotifications(parsed.value);
    } catch {
      runtime.events.storeFailed('list_notifications');
      answerStoreUnavailable(res, 'the alert history store', 5);
      return;
    }
    res.json({
      triggers: notifications.map((n) => ({
        alertname: n.alertname,
        status: n.status,
        severity: n.severity,
        project: n.project || null,
        labels: n.labels,
        annotations: n.annotations,
        starts_at: n.startsAt,
        ends_at: n.endsAt || null,
        received_at: new Date(n.receivedAtMs).toISOString(),
        receiver: n.receiver,
      })),
    });
  });
  return router;
}
