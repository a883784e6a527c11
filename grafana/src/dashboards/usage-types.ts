/**
 * How each usage type reads on a dashboard: its name, the unit of its totals, and what its live
 * rate means. A Record over the catalogue's USAGE_TYPES, so a new usage type does not compile
 * until someone decides how to show it.
 */
import { usageMetrics, type UsageType } from '../../../common/metrics/catalogue';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { dedupeReplicas, rate, sumBy } from '../promql/functions';
import { selector, type Matchers } from '../promql/selector';

export interface UsagePresentation {
  readonly title: string;
  /** Unit of totals over a window (an hour, a day, a forecast day). */
  readonly totalUnit: string;
  /** The live view: a per-second rate times `perSecondScale` (minutes per minute are concurrent users), or the level itself. */
  readonly live: { readonly title: string; readonly unit: string; readonly perSecondScale?: number };
}

export const USAGE_PRESENTATION: Readonly<Record<UsageType, UsagePresentation>> = {
  participant_minutes: { title: 'Participant minutes', totalUnit: 'suffix: min', live: { title: 'Concurrent participants', unit: units.Short, perSecondScale: 60 } },
  egress_minutes: { title: 'Egress minutes', totalUnit: 'suffix: min', live: { title: 'Concurrent egresses', unit: units.Short, perSecondScale: 60 } },
  storage_bytes: { title: 'Storage', totalUnit: units.BytesIEC, live: { title: 'Storage in use', unit: units.BytesIEC } },
  bandwidth_bytes: { title: 'Bandwidth', totalUnit: units.BytesIEC, live: { title: 'Bandwidth', unit: units.BytesPerSecondSI } },
  api_requests: { title: 'API requests', totalUnit: 'suffix: req', live: { title: 'API requests', unit: units.RequestsPerSecond } },
};

export const isLevel = (type: UsageType): boolean => usageMetrics[type].type === 'gauge';

/** The live figure of a usage type summed by `labels`: a rate for totals, the level for storage. */
export function liveUsage(type: UsageType, labels: readonly string[], matchers: Matchers): string {
  const series = selector(usageMetrics[type].name, matchers);
  if (isLevel(type)) return sumBy(labels, dedupeReplicas(series));
  const scale = USAGE_PRESENTATION[type].live.perSecondScale;
  const perSecond = sumBy(labels, dedupeReplicas(rate(series)));
  return scale === undefined ? perSecond : `${perSecond} * ${scale}`;
}
