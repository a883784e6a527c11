/**
 * Usage and alert-notification totals, read from the store at scrape time and rendered straight
 * to the text exposition format in one pass: they are most of the series at scale, and going
 * through prom-client's per-series objects cost several times more. With the Redis store every
 * replica reads the same totals, so rules aggregate them with `max without (instance)`.
 */
import { alertMetrics, usageEventMetrics, usageMetrics, USAGE_TYPES, type MetricDefinition, type UsageType } from '../../../common/metrics/catalogue';
import type { NotificationCount } from '../alerts/types';
import type { UsageEventCounts, UsageTotal } from '../usage/types';

const escapeLabel = (value: string) => (/[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value);
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function header(def: MetricDefinition): string {
  return `# HELP ${def.name} ${escapeHelp(def.help)}\n# TYPE ${def.name} ${def.type}\n`;
}

export interface UsageMetricsInput {
  readonly usageTotals: readonly UsageTotal[];
  readonly usageCounts: UsageEventCounts;
  readonly alertCounts: readonly NotificationCount[];
}

export function renderUsageMetrics(input: UsageMetricsInput): string {
  const lines: Record<UsageType, string[]> = { participant_minutes: [], egress_minutes: [], storage_bytes: [], bandwidth_bytes: [], api_requests: [] };
  for (const total of input.usageTotals) {
    const family = lines[total.type];
    if (family) family.push(`${usageMetrics[total.type].name}{project="${escapeLabel(total.project)}",region="${escapeLabel(total.region)}"} ${formatValue(total.value)}\n`);
  }
  let text = '';
  for (const type of USAGE_TYPES) text += header(usageMetrics[type]) + lines[type].join('');
  const events = usageEventMetrics.events;
  text += header(events);
  for (const result of ['accepted', 'duplicate', 'rejected'] as const) text += `${events.name}{result="${result}"} ${input.usageCounts[result]}\n`;
  const notifications = alertMetrics.notifications;
  text += header(notifications);
  for (const c of input.alertCounts) {
    text += `${notifications.name}{alertname="${escapeLabel(c.alertname)}",severity="${escapeLabel(c.severity)}",status="${c.status}"} ${c.count}\n`;
  }
  return text;
}
