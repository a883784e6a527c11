import express, { Router } from 'express';
import { z } from 'zod';
import { toNotifications, webhookPayloadSchema } from '../alerts/webhook-payload';
import { recordProjectTriggers } from '../project-alerts/triggers';
import type { ExporterRuntime } from '../runtime';
import { optionalBearer } from './bearer';
import { badRequest, parseBody } from './request-body';

const triggersQuery = z.strictObject({
  project: z.string().max(63).optional(),
  severity: z.string().max(32).optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be from 1 to 100').max(100, 'must be from 1 to 100').default(20),
});

/** The Alertmanager webhook receiver and the trigger history it feeds. */
export function alertsRouter(runtime: ExporterRuntime): Router {
  const router = Router();

  router.post('/webhook', optionalBearer(() => runtime.config().webhookTokenSha256, 'the alert webhook'), express.json({ limit: '5mb' }), async (req, res) => {
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
      res.status(503).set('Retry-After', '5').json({ error: 'the alert history store is unavailable; retry' });
      return;
    }
    // Sent after answering: Alertmanager need not wait for the projects' destinations.
    runtime.projectAlerts?.deliveries.enqueue(notifications).catch(() => undefined);
    res.json({ stored: parsed.data.alerts.length });
  });

  router.get('/triggers', async (req, res) => {
    const parsed = parseBody(triggersQuery, { ...req.query });
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    const notifications = await runtime.store.listNotifications(parsed.value);
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
