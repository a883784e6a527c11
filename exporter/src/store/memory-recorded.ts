/**
 * Recorded metrics in the memory store: values kept beside the usage totals and handed over by
 * the same change feed (their fields start with `m`, see recorded/model.ts). The same rules as
 * the Redis script, checked before anything is written: a repeated id is a duplicate; a name keeps
 * its definition; the project's names and series stay within its limits.
 */
import { BUCKET_PARTS, definitionOf, typeOfDefinition, type StoredType, fieldOf, fieldStem, observedBucket, primaryPart, type RecordedLimits, type RecordedMetric, type RecordOutcome } from '../recorded/model';
import { createSeenIds } from './memory-seen-ids';
import { idDigestHex } from './redis-seen-ids';
import { StoreFullError } from './store-full';

/** The change feed's version, shared with the usage totals. */
export interface FeedVersion {
  version: number;
}

interface StoredValue {
  value: number;
  version: number;
}

export interface MemoryRecorded {
  recordMetrics(project: string, metrics: readonly RecordedMetric[], limits: RecordedLimits, idempotencyWindowMs: number): Promise<RecordOutcome>;
  recordedTypes(project: string, names: readonly string[]): Promise<ReadonlyMap<string, StoredType>>;
  /** Every value (after === undefined) or those changed after a version. */
  changes(after: number | undefined, total: (field: string, value: number) => void): void;
}

export function createMemoryRecorded({ now, feed, maxIds }: { now: () => number; feed: FeedVersion; maxIds: number }): MemoryRecorded {
  const values = new Map<string, StoredValue>();
  const definitions = new Map<string, string>();
  const nameCounts = new Map<string, number>();
  const seriesCounts = new Map<string, number>();
  /** (project, id) digest → when its window ends, as the usage ids are kept (memory-seen-ids.ts). */
  const seen = createSeenIds();
  const prune = (nowMs: number) => seen.prune(nowMs);

  const write = (field: string, value: number, op: 'add' | 'set', version: number) => {
    const stored = values.get(field);
    values.set(field, { value: op === 'add' ? (stored?.value ?? 0) + value : value, version });
  };

  const definitionKey = (project: string, name: string): string => JSON.stringify([project, name]);

  return {
    async recordedTypes(project, names) {
      return new Map(names.flatMap((name) => {
        const stored = definitions.get(definitionKey(project, name));
        return stored === undefined ? [] : [[name, typeOfDefinition(stored)] as const];
      }));
    },
    async recordMetrics(project, metrics, limits, windowMs) {
      const nowMs = now();
      prune(nowMs);
      const idKeys = new Set<string>();
      const duplicates: string[] = [];
      const applied: RecordedMetric[] = [];
      const newDefinitions = new Map<string, string>();
      const newSeries = new Set<string>();
      for (const [index, metric] of metrics.entries()) {
        if (metric.id !== undefined) {
          const key = idDigestHex(project, metric.id);
          if (idKeys.has(key) || (seen.endsAtMs(key) ?? 0) > nowMs) {
            duplicates.push(metric.id);
            continue;
          }
          idKeys.add(key);
        }
        const defKey = definitionKey(project, metric.name);
        const stored = definitions.get(defKey) ?? newDefinitions.get(defKey);
        if (stored === undefined) newDefinitions.set(defKey, definitionOf(metric));
        else if (stored !== definitionOf(metric)) return { ok: false, refusal: 'definition', index, stored };
        const primary = fieldOf(fieldStem(project, metric), primaryPart(metric.type));
        if (!values.has(primary)) newSeries.add(primary);
        applied.push(metric);
      }
      const names = nameCounts.get(project) ?? 0;
      if (names + newDefinitions.size > limits.maxNames) return { ok: false, refusal: 'names', limit: limits.maxNames, current: names, adding: newDefinitions.size };
      const series = seriesCounts.get(project) ?? 0;
      if (series + newSeries.size > limits.maxSeries) return { ok: false, refusal: 'series', limit: limits.maxSeries, current: series, adding: newSeries.size };
      if (seen.size + idKeys.size > maxIds) throw new StoreFullError(`memory store: the idempotency table is full (${seen.size} of ${maxIds} ids): nothing recorded`, 1000);

      for (const [key, definition] of newDefinitions) definitions.set(key, definition);
      nameCounts.set(project, names + newDefinitions.size);
      seriesCounts.set(project, series + newSeries.size);
      for (const key of idKeys) seen.set(key, nowMs + windowMs);
      if (applied.length > 0) feed.version += 1;
      for (const metric of applied) applyMetric(project, metric, (field, value, op) => write(field, value, op, feed.version));
      return { ok: true, accepted: applied.length, duplicates };
    },
    changes(after, total) {
      for (const [field, stored] of values) if (after === undefined || stored.version > after) total(field, stored.value);
    },
  };
}

/** The field writes one recorded value makes: a counter adds, a gauge sets, a histogram observes (its bucket, sum and count). */
export function applyMetric(project: string, metric: RecordedMetric, write: (field: string, value: number, op: 'add' | 'set') => void): void {
  const stem = fieldStem(project, metric);
  if (metric.type === 'counter') return write(fieldOf(stem, ''), metric.value, 'add');
  if (metric.type === 'gauge') return write(fieldOf(stem, ''), metric.value, 'set');
  write(fieldOf(stem, BUCKET_PARTS[observedBucket(metric.value)]), 1, 'add');
  write(fieldOf(stem, 'sum'), metric.value, 'add');
  write(fieldOf(stem, 'count'), 1, 'add');
}
