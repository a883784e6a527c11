/** Recorded metrics in the Redis store: one call of RECORD_METRICS per batch (redis-recorded-script.ts). */
import { bucketPart, definitionOf, typeOfDefinition, type StoredType, fieldStem, INF_PART, RECORDED_BUCKETS, type RecordedLimits, type RecordedMetric, type RecordOutcome } from '../recorded/model';
import type { UsageShards } from './redis-cluster-keys';
import type { RedisCall } from './redis-connection';
import { RECORD_METRICS } from './redis-recorded-script';
import type { ScriptWriter } from './redis-replicated-write';

const BUCKET_PARTS = [...RECORDED_BUCKETS.map(bucketPart), INF_PART].join(',');

export function createRedisRecorded({ call, usage, write }: { call: RedisCall; usage: UsageShards; write: ScriptWriter }) {
  /** The definitions hash's field of a project's name, as the script writes it (its ARGV 4 + name). */
  const definitionField = (project: string, name: string): string => `${JSON.stringify(project)}/${name}`;
  return {
    recordedTypes: (project: string, names: readonly string[]) =>
      call('read recorded types', async (client): Promise<ReadonlyMap<string, StoredType>> => {
        if (names.length === 0) return new Map();
        const stored = await client.hmget(usage.of(project).recordedDefinitions, ...names.map((name) => definitionField(project, name)));
        return new Map(names.flatMap((name, index) => (stored[index] === null ? [] : [[name, typeOfDefinition(stored[index]!)] as const])));
      }),
    recordMetrics: (project: string, metrics: readonly RecordedMetric[], limits: RecordedLimits, idempotencyWindowMs: number) =>
      call('record metrics', async (client): Promise<RecordOutcome> => {
        const owner = definitionField(project, '');
        const args = [String(idempotencyWindowMs), String(limits.maxNames), String(limits.maxSeries), owner, `${owner}names`, `${owner}series`, BUCKET_PARTS];
        for (const metric of metrics) args.push(metric.id ?? '', metric.name, definitionOf(metric), fieldStem(project, metric), metric.type, String(metric.value));
        const keys = usage.of(project);
        const seenKeys = metrics.map((metric) => keys.recordedSeen(project, metric.id ?? ''));
        const [reply] = await write(client, [{ script: RECORD_METRICS, keys: [keys.usageTotals, keys.usageEpoch, keys.usageVersion, keys.usageChanges, keys.recordedDefinitions, keys.recordedCounts, ...seenKeys], args }]);
        return outcomeOf(reply, metrics);
      }),
  };
}

function outcomeOf(reply: unknown, metrics: readonly RecordedMetric[]): RecordOutcome {
  if (!Array.isArray(reply)) throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
  const [kind, ...rest] = reply as [string, ...unknown[]];
  if (kind === 'ok') return { ok: true, accepted: Number(rest[0]), duplicates: rest.slice(1).map((index) => metrics[Number(index)].id ?? '') };
  if (kind === 'names' || kind === 'series') return { ok: false, refusal: kind, limit: Number(rest[0]), current: Number(rest[1]), adding: Number(rest[2]) };
  if (kind === 'definition') return { ok: false, refusal: 'definition', index: Number(rest[0]), stored: String(rest[1]) };
  throw new Error(`unexpected script reply ${JSON.stringify(reply).slice(0, 200)}`);
}
