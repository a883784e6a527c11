/**
 * Values a project records itself (POST /api/v1/analytics/metrics, issue 13 part 2): the stored
 * model, its limits, and how one series is named in the store and on /metrics. One home for
 * these facts: the validator, both stores and the exposition read them here.
 */
import { RECORDED_METRIC_PREFIX } from '../../../common/metrics/catalogue';

/** What the API accepts; a summary is stored as a histogram (Prometheus cannot aggregate summaries). */
export const RECORDED_TYPES = ['counter', 'gauge', 'histogram', 'summary'] as const;
export type StoredType = 'counter' | 'gauge' | 'histogram';
export const RECORDED_CATEGORIES = ['system', 'business', 'user', 'performance', 'security'] as const;
export type RecordedCategory = (typeof RECORDED_CATEGORIES)[number];

/** Histogram buckets (upper bounds, cumulative, plus +Inf): 1-2.5-5 steps from 0.005 to 10,000. */
export const RECORDED_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** Per project, unless its entry in pulse.yml says otherwise (projects[].recorded_metrics). */
export const DEFAULT_MAX_NAMES = 50;
export const DEFAULT_MAX_SERIES = 1000;
export const MAX_BATCH_METRICS = 1000;
export const MAX_LABELS = 10;
export const MAX_NAME_LENGTH = 100;
export const MAX_LABEL_NAME_LENGTH = 64;
export const MAX_LABEL_VALUE_LENGTH = 256;
/** Exact in a double, like usage values. */
export const MAX_ABS_VALUE = 1e15;
/** Prefix of every recorded family on /metrics. */
export const EXPOSED_PREFIX = RECORDED_METRIC_PREFIX; // named in the catalogue, which dashboards read
/** Labels Pulse sets itself (or Prometheus or a histogram does): a recorded value may not use them. */
export const RESERVED_LABELS: readonly string[] = ['project', 'category', 'le', 'quantile', 'instance', 'job', 'pod'];
/**
 * Name endings reserved so that no two recorded families can collide on /metrics whatever their
 * types: counters gain `_total`, histograms `_observations` (and `_bucket`, `_sum`, `_count`).
 */
export const RESERVED_SUFFIXES: readonly string[] = ['_total', '_bucket', '_sum', '_count', '_created', '_info', '_observations'];

export interface RecordedLimits {
  readonly maxNames: number;
  readonly maxSeries: number;
}

export interface RecordedMetric {
  /** Optional client id: a repeat within the usage idempotency window is acknowledged, not applied. */
  readonly id?: string;
  readonly name: string;
  readonly type: StoredType;
  readonly category: RecordedCategory;
  readonly value: number;
  /** Sorted by label name. */
  readonly labels: readonly (readonly [string, string])[];
}

/** What a name keeps once first seen in a project: its type, category and label names. */
export function definitionOf(metric: RecordedMetric): string {
  return `${metric.type}/${metric.category}/${metric.labels.map(([name]) => name).join(',')}`;
}

/** The type a stored definition (definitionOf) names. */
export const typeOfDefinition = (definition: string): StoredType => definition.slice(0, definition.indexOf('/')) as StoredType;

/** The family a recorded name is exposed as on /metrics. */
export function exposedName(name: string, type: StoredType): string {
  return type === 'counter' ? `${EXPOSED_PREFIX}${name}_total` : type === 'histogram' ? `${EXPOSED_PREFIX}${name}_observations` : `${EXPOSED_PREFIX}${name}`;
}

/**
 * A recorded series' store fields share one stem, `m["project","name","type","category",[labels],`,
 * then the part and `]`: "" for a counter or gauge value; "count", "sum" or "le:<bound>" for a
 * histogram. The leading `m` keeps them apart from usage fields (`["project",…]`) in the one
 * totals hash and change feed.
 */
export const RECORDED_FIELD_MARK = 'm';

export function fieldStem(project: string, metric: RecordedMetric): string {
  const whole = JSON.stringify([project, metric.name, metric.type, metric.category, metric.labels, '']);
  return RECORDED_FIELD_MARK + whole.slice(0, -3);
}

export const fieldOf = (stem: string, part: string): string => `${stem}${JSON.stringify(part)}]`;

/** The field whose presence says the series exists (what the series limit counts). */
export const primaryPart = (type: StoredType): string => (type === 'histogram' ? 'count' : '');

export const bucketPart = (bound: number): string => `le:${bound}`;
export const INF_PART = 'le:+Inf';
/** A histogram's bucket parts in order, +Inf last. */
export const BUCKET_PARTS: readonly string[] = [...RECORDED_BUCKETS.map(bucketPart), INF_PART];
/**
 * Which bucket an observation counts in (an index into BUCKET_PARTS): its own only, the first
 * bound at or above the value, else +Inf; the exposition makes the buckets cumulative.
 */
export function observedBucket(value: number): number {
  let at = 0;
  while (at < RECORDED_BUCKETS.length && value > RECORDED_BUCKETS[at]) at++;
  return at;
}
/** Every part a histogram's fields may have. */
export const HISTOGRAM_PARTS: readonly string[] = [...BUCKET_PARTS, 'sum', 'count'];

const STORED_TYPES: ReadonlySet<unknown> = new Set<StoredType>(['counter', 'gauge', 'histogram']);
export const isStoredType = (type: unknown): type is StoredType => STORED_TYPES.has(type);

export interface ParsedField {
  readonly project: string;
  readonly name: string;
  readonly type: StoredType;
  readonly category: string;
  readonly labels: readonly (readonly [string, string])[];
  readonly part: string;
}

/** A recorded field back into its parts, or undefined for a field no store writes. */
export function parseRecordedField(field: string): ParsedField | undefined {
  if (!field.startsWith(RECORDED_FIELD_MARK)) return undefined;
  try {
    const parsed: unknown = JSON.parse(field.slice(RECORDED_FIELD_MARK.length));
    if (!Array.isArray(parsed) || parsed.length !== 6 || !Array.isArray(parsed[4])) return undefined;
    const [project, name, type, category, labels, part] = parsed as [string, string, StoredType, string, [string, string][], string];
    if (typeof project !== 'string' || typeof name !== 'string' || typeof category !== 'string' || typeof part !== 'string' || !isStoredType(type)) return undefined;
    return { project, name, type, category, labels, part };
  } catch {
    return undefined;
  }
}

/** The result of storing a batch: applied, or refused whole with what refused it. */
export type RecordOutcome =
  | { readonly ok: true; readonly accepted: number; readonly duplicates: readonly string[] }
  | { readonly ok: false; readonly refusal: 'names' | 'series'; readonly limit: number; readonly current: number; readonly adding: number }
  | { readonly ok: false; readonly refusal: 'definition'; readonly index: number; readonly stored: string };
