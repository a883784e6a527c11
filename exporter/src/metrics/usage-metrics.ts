/**
 * Usage and alert-notification totals rendered straight to the text exposition format: they are
 * most of the series at scale, and going through prom-client's per-series objects cost several
 * times more. The usage families come ready from the exposition kept between scrapes (see
 * usage-exposition.ts). With the Redis store every replica exposes the same totals, so rules
 * aggregate them with `max without (instance)`.
 */
import { alertMetrics, usageEventMetrics } from '../../../common/metrics/catalogue';
import type { NotificationCount } from '../alerts/types';
import type { UsageEventCounts } from '../usage/types';
import { escapeLabel, familyHeader } from './usage-exposition';
import type { UsageExposition } from './usage-exposition';

export interface UsageMetricsInput {
  readonly usage: UsageExposition;
  readonly usageCounts: UsageEventCounts;
  readonly alertCounts: readonly NotificationCount[];
}

/** The exposition text as chunks to write in order (the usage series are never joined into one string). */
export function renderUsageMetrics(input: UsageMetricsInput): Buffer[] {
  const events = usageEventMetrics.events;
  let text = familyHeader(events);
  for (const result of ['accepted', 'duplicate', 'rejected'] as const) text += `${events.name}{result="${result}"} ${input.usageCounts[result]}\n`;
  const notifications = alertMetrics.notifications;
  text += familyHeader(notifications);
  for (const c of input.alertCounts) {
    text += `${notifications.name}{alertname="${escapeLabel(c.alertname)}",severity="${escapeLabel(c.severity)}",status="${c.status}"} ${c.count}\n`;
  }
  return [...input.usage.chunks(), Buffer.from(text)];
}
