/** The usage part of the Redis store: see redis-usage-script.ts for the atomic batch. */
import type { BatchOutcome, UsageEvent, UsageTotal } from '../usage/types';
import type { RedisCall } from './redis-connection';
import type { UsageShards } from './redis-cluster-keys';
import { checkUsageBatch } from './usage-batch-validation';
import type { RedisKeys } from './redis-keys';
import { minuteExpiresAtMs, minuteOf, recentField, recentLevelTimeField } from './recent-usage';
import { readRecentUsage } from './redis-recent-usage';
import { runScript } from './redis-script';
import type { ScriptCall, ScriptWriter } from './redis-replicated-write';
import { createRedisRecorded } from './redis-recorded';
import { RECORDED_FIELD_MARK } from '../recorded/model';
import { idDigest } from './redis-seen-ids';
import { readUsageChanges } from './redis-usage-changes';
import { ADMIT_PROJECTS, RECORD_USAGE } from './redis-usage-script';
import type { ProjectAdmission, UsageStore } from './types';
import { parseSeriesField, seriesField, sortTotals } from './usage-series';

export interface RedisUsageParts {
  readonly call: RedisCall;
  /** The admitted-projects set is here; usage itself lives in `usage`'s shards. */
  readonly keys: RedisKeys;
  readonly usage: UsageShards;
  readonly generation: () => number;
  /** How acknowledged writes are made (redis-replicated-write.ts). */
  readonly write: ScriptWriter;
}

export function createRedisUsage(parts: RedisUsageParts): UsageStore {
  const { call, keys, usage, generation } = parts;
  const shards = usage.all;
  return {
    recordUsage: (events, idempotencyWindowMs) =>
      call('record usage', async (client): Promise<BatchOutcome> => {
        // Shards are written separately: a bad event must be refused before any of them is.
        if (shards.length > 1) checkUsageBatch(events, idempotencyWindowMs);
        const groups = groupByShard(events, usage);
        const calls = groups.map(([shard, indexes]) => shardCall(shard, indexes.map((index) => events[index]), idempotencyWindowMs));
        const replies = await parts.write(client, calls);
        const counted = new Array<boolean>(events.length);
        groups.forEach(([, indexes], group) => {
          const flags = replies[group];
          if (!Array.isArray(flags) || flags.length !== indexes.length) throw new Error(`unexpected script reply ${JSON.stringify(flags)}`);
          indexes.forEach((index, at) => (counted[index] = flags[at] === 1));
        });
        const accepted: string[] = [];
        const duplicates: string[] = [];
        events.forEach((event, index) => (counted[index] ? accepted : duplicates).push(event.id));
        return { accepted, duplicates };
      }),
    ...createRedisRecorded({ call, usage, write: parts.write }),
    usageTotals: () =>
      call('read usage totals', async (client) => {
        const stored = await Promise.all(shards.map((shard) => client.hgetall(shard.usageTotals)));
        // HINCRBYFLOAT keeps totals as decimal strings; callers get numbers.
        // Recorded metrics share the hash (fields m[…]); they are not usage.
        const totals: UsageTotal[] = stored.flatMap((hash) => Object.entries(hash).flatMap(([field, value]) => (field.startsWith(RECORDED_FIELD_MARK) ? [] : [{ ...parseSeriesField(field), value: Number(value) }])));
        return sortTotals(totals);
      }),
    recentUsage: (query) => call('read recent usage', (client) => readRecentUsage(client, usage.of(query.project), query)),
    usageChanges: (since, sink) => call('read usage changes', (client) => readUsageChanges(client, shards, generation(), since, sink)),
    countRejected: (count) =>
      call('count rejected events', async (client) => {
        if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number >= 0 (got ${count})`);
        // Rejections carry no project worth trusting: the first shard counts them all.
        if (count > 0) await client.hincrby(shards[0].usageEventCounts, 'rejected', count);
      }),
    usageEventCounts: () =>
      call('read usage event counts', async (client) => {
        const counts = await Promise.all(shards.map((shard) => client.hmget(shard.usageEventCounts, 'accepted', 'duplicate', 'rejected')));
        const sum = (at: number): number => counts.reduce((total, shard) => total + Number(shard[at] ?? 0), 0);
        return { accepted: sum(0), duplicate: sum(1), rejected: sum(2) };
      }),
    admitProjects: (projects, maxProjects) =>
      call('admit projects', async (client): Promise<ProjectAdmission> => {
        const reply = await runScript(client, ADMIT_PROJECTS, [keys.usageProjects], [numberArg(maxProjects), ...new Set(projects)]);
        if (!Array.isArray(reply) || (reply[0] !== 0 && reply[0] !== 1)) throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
        return reply[0] === 1 ? { admitted: true, added: reply.slice(1).map(String) } : { admitted: false };
      }),
    releaseProjects: (projects) =>
      call('release projects', async (client) => {
        if (projects.length > 0) await client.srem(keys.usageProjects, ...projects);
      }),
  };
}

/** The events of each shard the batch touches, by their index in the batch. */
function groupByShard(events: readonly UsageEvent[], usage: UsageShards): [RedisKeys, number[]][] {
  const groups = new Map<RedisKeys, number[]>();
  events.forEach((event, index) => {
    const shard = usage.of(textArg(event.project));
    const group = groups.get(shard);
    if (group) group.push(index);
    else groups.set(shard, [index]);
  });
  return [...groups];
}

/** One shard's part of a batch, as one script; it answers a flag per event, 1 counted, 0 duplicate. */
function shardCall(keys: RedisKeys, events: readonly UsageEvent[], idempotencyWindowMs: number): ScriptCall {
  const parts = batchParts(keys);
  const eventKeys = events.flatMap((event) => parts.keysOf(event));
  const args = [numberArg(idempotencyWindowMs), ...events.flatMap((event) => eventArgs(event, parts))];
  return { script: RECORD_USAGE, keys: [keys.usageTotals, keys.usageLevelTimes, keys.usageEventCounts, keys.usageEpoch, keys.usageVersion, keys.usageChanges, ...eventKeys], args };
}

/**
 * The keys and fields of a batch's events, each made once per batch: a batch is mostly one
 * project, one minute and a few regions and types, and these strings were a fair share of the
 * exporter's CPU per event while ingesting.
 */
function batchParts(keys: RedisKeys) {
  const made = new Map<string, readonly string[]>();
  const once = (id: string, make: () => readonly string[]): readonly string[] => {
    let parts = made.get(id);
    if (!parts) made.set(id, (parts = make()));
    return parts;
  };
  return {
    /** Its project's seen-id layout and its minute's hash. */
    keysOf(event: UsageEvent): readonly string[] {
      const project = textArg(event.project);
      const minuteMs = minuteOf(Number(event.timestampMs));
      return once(JSON.stringify(['keys', project, minuteMs]), () => [keys.usageSeen(project), keys.usageRecent(project, minuteMs)]);
    },
    /** Series field, recent field, recent level-time field. */
    fieldsOf(event: UsageEvent): readonly string[] {
      const region = textArg(event.region);
      return once(JSON.stringify(['fields', event.project, region, event.type]), () => [seriesField(event), recentField(region, event.type), recentLevelTimeField(region, event.type)]);
    },
  };
}

function eventArgs(event: UsageEvent, parts: ReturnType<typeof batchParts>): (string | Buffer)[] {
  const minuteMs = minuteOf(Number(event.timestampMs));
  return [
    textArg(event.id),
    textArg(event.project),
    textArg(event.region),
    String(event.type),
    numberArg(event.value),
    numberArg(event.timestampMs),
    ...parts.fieldsOf(event),
    numberArg(minuteExpiresAtMs(minuteMs)),
    idDigest(textArg(event.project), textArg(event.id)),
  ];
}

/** Anything not a string arrives as '' and is refused by the script's checks. */
function textArg(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Anything not a number arrives quoted, so the script's tonumber() refuses it. */
function numberArg(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(String(value));
}
