/**
 * Escalation (seed 004): a critical or high trigger still unacknowledged `delay_minutes` after it
 * fired goes to the first channel of the project's escalation list, after twice the delay to the
 * second, and so on. Acknowledging (or resolving) stops it: only triggers in status `triggered`
 * are escalated. Every replica runs it each sync interval; the step is recorded on the trigger, and
 * a step two replicas send at once has one delivery id, so receivers drop the repeat.
 */
import { createHash } from 'node:crypto';
import type { ProjectTrigger } from '../project-alerts/trigger-types';
import type { ProjectChannel } from '../project-alerts/types';
import type { ProjectChannelStore, ProjectTriggerStore } from '../store/types';
import type { DeliveryQueue } from './delivery-queue';
import type { AlertMessage } from './message';

export const ESCALATED_SEVERITIES: ReadonlySet<string> = new Set(['critical', 'high']);

export function escalationMessage(trigger: ProjectTrigger, channel: ProjectChannel, step: number, delayMinutes: number, runbookUrl: string): AlertMessage {
  return {
    delivery_id: createHash('sha256').update(JSON.stringify([trigger.id, 'escalation', step, channel])).digest('hex').slice(0, 32),
    project_id: trigger.project_id,
    alert_id: trigger.alert_id,
    alert_name: trigger.alert_name,
    status: 'triggered',
    severity: trigger.severity,
    value: trigger.value,
    condition: '',
    threshold: trigger.threshold,
    description: `Escalated: not acknowledged within ${delayMinutes * step} minutes (escalation step ${step}, trigger ${trigger.id}).`,
    runbook_url: runbookUrl,
    dashboard_url: null,
    starts_at: trigger.triggered_at,
    ends_at: null,
  };
}

export async function escalate(deps: { store: ProjectTriggerStore & ProjectChannelStore; deliveries: DeliveryQueue; runbookUrl: string; nowMs: number }): Promise<number> {
  let sent = 0;
  for (const trigger of await deps.store.openTriggers()) {
    if (!ESCALATED_SEVERITIES.has(trigger.severity)) continue;
    const escalation = (await deps.store.projectChannels(trigger.project_id))?.escalation;
    if (!escalation) continue;
    const done = trigger.escalations ?? 0;
    const due = Math.floor((deps.nowMs - Date.parse(trigger.triggered_at)) / (escalation.delay_minutes * 60_000));
    if (due <= done || done >= escalation.channels.length) continue;
    const step = done + 1;
    const channel = escalation.channels[done];
    await deps.store.putTrigger({ ...trigger, escalations: step });
    await deps.deliveries.send(trigger.project_id, channel, escalationMessage(trigger, channel, step, escalation.delay_minutes, deps.runbookUrl));
    sent++;
  }
  return sent;
}
