/**
 * One batch of recorded values as a call of RECORD_METRICS (redis-recorded-script.ts documents
 * the arguments): each distinct name and series once, in a JSON argument, and the ids as one
 * buffer of digests — the shape redis-usage-call.ts gives a usage batch, for the same reason
 * (ioredis' work per argument, and a Redis key per id). The batch's changes are summed here per
 * field, as the script would sum them, so the usual batch (no duplicate) is written as it comes:
 * Lua's work per value was most of what a recorded value cost Redis beyond a usage event
 * (bench/README.md, "Recorded metrics"). Each value still travels, in a JSON argument of its
 * own that the script decodes only when it must (the exact check, or a duplicate).
 */
import { BUCKET_PARTS, definitionOf, fieldStem, HISTOGRAM_PARTS, observedBucket, primaryPart, type RecordedLimits, type RecordedMetric } from '../recorded/model';
import type { RedisKeys } from './redis-keys';
import type { RateCounter } from './redis-rate-limit';
import { RECORD_METRICS } from './redis-recorded-script';
import type { ScriptCall } from './redis-replicated-write';
import { idDigestHex } from './redis-seen-ids';

/** The definitions hash's field of a project's name, as the script writes it (owner + name). */
export const definitionField = (project: string, name: string): string => `${JSON.stringify(project)}/${name}`;

/**
 * What a call needs of a series, kept per project between batches: a project records into the
 * same series again and again, and making its stem (JSON.stringify) and then escaping it into
 * the batch's JSON were the call's dearest steps (bench/README.md). `batch` and `number` say
 * which batch last numbered the series, so one lookup finds both.
 */
interface KnownSeries {
  /**
   * Its fields as JSON strings, ready for the batch's JSON: the primary one, and a histogram's
   * other parts once used (by HISTOGRAM_PARTS index; one shared empty list for other types). No
   * more is kept per series: 50,000 of them weigh on every GC of the exporter (bench/README.md).
   */
  readonly primaryJson: string;
  readonly partJson: (string | undefined)[];
  batch: number;
  number: number;
}

const NO_PARTS: (string | undefined)[] = [];

/**
 * A batch's changes were no value a duplicate, by series number - 1: what a counter adds, a
 * histogram's count, a gauge's last value's text; a histogram's sum and each bucket's count (by
 * BUCKET_PARTS index).
 */
interface BatchChanges {
  readonly amounts: number[];
  readonly gauges: string[];
  readonly sums: number[];
  readonly buckets: number[][];
}

/**
 * A project's series of one name and definition (type, category, label names), by their label
 * values: the value itself for one label (most series), else the values joined by NUL, which
 * no value holds (validate.ts refuses control characters). No key string is built per value
 * for the usual series: building and hashing one was most of the lookup (bench/README.md).
 */
interface NamedSeries {
  readonly type: RecordedMetric['type'];
  readonly category: RecordedMetric['category'];
  readonly labelNames: readonly string[];
  readonly byValues: Map<string, KnownSeries>;
}

interface ProjectSeries {
  readonly byName: Map<string, NamedSeries>;
  size: number;
}

/**
 * Bounded: a project keeps at most STEMS_PER_PROJECT series (more than the default series
 * limit), and at most STEM_PROJECTS projects are kept; past either bound the map is emptied and
 * fills again.
 */
const STEMS_PER_PROJECT = 10_000;
const STEM_PROJECTS = 1_000;
const seriesByProject = new Map<string, ProjectSeries>();
let batches = 0;

function projectSeries(project: string): ProjectSeries {
  let known = seriesByProject.get(project);
  if (!known) {
    if (seriesByProject.size >= STEM_PROJECTS) seriesByProject.clear();
    seriesByProject.set(project, (known = { byName: new Map(), size: 0 }));
  }
  return known;
}

function sameDefinition(named: NamedSeries, metric: RecordedMetric): boolean {
  if (named.type !== metric.type || named.category !== metric.category || named.labelNames.length !== metric.labels.length) return false;
  for (let at = 0; at < metric.labels.length; at++) if (named.labelNames[at] !== metric.labels[at][0]) return false;
  return true;
}

const labelValuesKey = (labels: RecordedMetric['labels']): string => (labels.length === 1 ? labels[0][1] : labels.map(([, value]) => value).join('\u0000'));

function knownSeries(project: string, metric: RecordedMetric): KnownSeries {
  const known = projectSeries(project);
  let named = known.byName.get(metric.name);
  // Another definition under the name (a batch the store will refuse) replaces the entry: never mixed.
  if (named === undefined || !sameDefinition(named, metric)) {
    named = { type: metric.type, category: metric.category, labelNames: metric.labels.map(([name]) => name), byValues: new Map() };
    known.byName.set(metric.name, named);
  }
  const key = labelValuesKey(metric.labels);
  let series = named.byValues.get(key);
  if (series === undefined) {
    if (known.size >= STEMS_PER_PROJECT) {
      known.byName.clear();
      known.size = 0;
      known.byName.set(metric.name, named);
      named.byValues.clear();
    }
    const stemJson = JSON.stringify(fieldStem(project, metric));
    series = { primaryJson: partJsonOf(stemJson.slice(0, -1), primaryPart(metric.type)), partJson: metric.type === 'histogram' ? [] : NO_PARTS, batch: 0, number: 0 };
    named.byValues.set(key, series);
    known.size++;
  }
  return series;
}

/** A field's JSON from its stem's without the closing quote: the part (plain text, needing no escaping) quoted, then `]` (fieldOf). */
const partJsonOf = (openStemJson: string, part: string): string => `${openStemJson}\\"${part}\\"]"`;

const SUM_AT = HISTOGRAM_PARTS.indexOf('sum');
/** A histogram's primary field's JSON ends so: its stem's JSON (without the closing quote) is what comes before. */
const COUNT_JSON_TAIL = partJsonOf('', 'count');

function histogramPartJson(series: KnownSeries, at: number): string {
  return (series.partJson[at] ??= partJsonOf(series.primaryJson.slice(0, -COUNT_JSON_TAIL.length), HISTOGRAM_PARTS[at]));
}

/** Starts series `at`'s change for this batch. */
function startChange(changes: BatchChanges, at: number, type: RecordedMetric['type']): void {
  changes.amounts.push(0);
  changes.gauges.push('');
  changes.sums.push(0);
  // A plain array: a typed array's allocation cost more than the whole rest of a histogram's change.
  if (type === 'histogram') changes.buckets[at] = new Array<number>(BUCKET_PARTS.length).fill(0);
}

/** A value's part of its series' change (series `at`), summed in the order of the batch (as the script would add them). */
function addChange(changes: BatchChanges, at: number, metric: RecordedMetric, text: string): void {
  if (metric.type === 'gauge') {
    changes.gauges[at] = text;
    return;
  }
  if (metric.type === 'counter') {
    changes.amounts[at] += metric.value;
    return;
  }
  changes.amounts[at] += 1;
  changes.sums[at] += metric.value;
  changes.buckets[at][observedBucket(metric.value)]++;
}

/**
 * The batch's changes, were no value a duplicate, as the two columns `fields` and `amounts`: each
 * series' primary field first, in series order, then the histograms' sums and buckets. Amounts
 * are numbers to add, a gauge's its value's text to set.
 */
function changeColumns(batchSeries: readonly KnownSeries[], types: readonly RecordedMetric['type'][], changes: BatchChanges): { fields: string; amounts: string } {
  const fields: string[] = [];
  const amounts: string[] = [];
  for (let at = 0; at < batchSeries.length; at++) {
    fields.push(batchSeries[at].primaryJson);
    amounts.push(types[at] === 'gauge' ? `"${changes.gauges[at]}"` : String(changes.amounts[at]));
  }
  for (let at = 0; at < batchSeries.length; at++) {
    if (types[at] !== 'histogram') continue;
    const series = batchSeries[at];
    const buckets = changes.buckets[at];
    fields.push(histogramPartJson(series, SUM_AT));
    amounts.push(String(changes.sums[at]));
    for (let bucket = 0; bucket < buckets.length; bucket++) {
      if (buckets[bucket] === 0) continue;
      fields.push(histogramPartJson(series, bucket));
      amounts.push(String(buckets[bucket]));
    }
  }
  return { fields: `[${fields.join(',')}]`, amounts: `[${amounts.join(',')}]` };
}

export interface RecordedCallOptions {
  readonly limits: RecordedLimits;
  readonly idempotencyWindowMs: number;
  /** Rate limits drawn in the same step (one Redis only: their keys are in no shard's slot). */
  readonly counters?: readonly RateCounter[];
}

const TYPE_JSON: Readonly<Record<RecordedMetric['type'], string>> = { counter: '"counter"', gauge: '"gauge"', histogram: '"histogram"' };

/** Texts as a JSON array of strings; each must need no escaping (numbers' text does not). */
const plainStrings = (texts: readonly string[]): string => (texts.length === 0 ? '[]' : `["${texts.join('","')}"]`);

/** The batch's JSON is written piece by piece: series rows reuse their stem's JSON, and values are numbers' text, which JSON never escapes. */
export function recordedCall(keys: RedisKeys, project: string, metrics: readonly RecordedMetric[], { limits, idempotencyWindowMs, counters = [] }: RecordedCallOptions): ScriptCall {
  const batch = ++batches;
  const defs: [string, string][] = [];
  const defNumbers = new Map<string, number>();
  // The script's columns (redis-recorded-script.ts): a series or a metric is one index in each.
  const seriesDefs: number[] = [];
  const seriesTypes: string[] = [];
  const metricSeries: number[] = [];
  const metricValues: string[] = [];
  const metricIds: number[] = [];
  const digests: string[] = [];
  const batchSeries: KnownSeries[] = [];
  const types: RecordedMetric['type'][] = [];
  const changes: BatchChanges = { amounts: [], gauges: [], sums: [], buckets: [] };
  for (const metric of metrics) {
    let defNumber = defNumbers.get(metric.name);
    if (defNumber === undefined) {
      defs.push([metric.name, definitionOf(metric)]);
      defNumbers.set(metric.name, (defNumber = defs.length));
    }
    const series = knownSeries(project, metric);
    if (series.batch !== batch) {
      seriesDefs.push(defNumber);
      seriesTypes.push(TYPE_JSON[metric.type]);
      batchSeries.push(series);
      types.push(metric.type);
      series.batch = batch;
      series.number = batchSeries.length;
      startChange(changes, series.number - 1, metric.type);
    }
    if (metric.id !== undefined) digests.push(idDigestHex(project, metric.id));
    metricSeries.push(series.number);
    // The value as text, so the script stores exactly what JavaScript wrote.
    const text = String(metric.value);
    metricValues.push(text);
    metricIds.push(metric.id === undefined ? 0 : 1);
    addChange(changes, series.number - 1, metric, text);
  }
  const columns = changeColumns(batchSeries, types, changes);
  const owner = definitionField(project, '');
  const rateLimits = JSON.stringify(counters.map((counter) => [counter.limit, counter.expireMs]));
  const batchJson = `{"owner":${JSON.stringify(owner)},"maxNames":${limits.maxNames},"maxSeries":${limits.maxSeries},"defs":${JSON.stringify(defs)},"seriesDefs":[${seriesDefs.join(',')}],"seriesTypes":[${seriesTypes.join(',')}],"fields":${columns.fields},"amounts":${columns.amounts},"values":${metrics.length},"limits":${rateLimits}}`;
  const valuesJson = `{"metricSeries":[${metricSeries.join(',')}],"metricValues":${plainStrings(metricValues)},"metricIds":[${metricIds.join(',')}]}`;
  return {
    script: RECORD_METRICS,
    keys: [keys.usageTotals, keys.usageEpoch, keys.usageVersion, keys.usageChanges, keys.recordedDefinitions, keys.recordedCounts, keys.recordedSeen(project), ...counters.map((counter) => counter.key)],
    args: [String(idempotencyWindowMs), batchJson, Buffer.from(digests.join(''), 'hex'), valuesJson],
  };
}
