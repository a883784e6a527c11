/** The usage part of the Redis store: see redis-usage-script.ts for the atomic batch. */
import type { BatchOutcome, UsageEvent, UsageTotal } from '../usage/types';
import type { RedisCall } from './redis-connection';
import type { UsageShards } from './redis-cluster-keys';
import { checkUsageBatch } from './usage-batch-validation';
import type { RedisKeys } from './redis-keys';
import { readRecentUsage } from './redis-recent-usage';
import { runScript } from './redis-script';
import type { ScriptWriter } from './redis-replicated-write';
import { createRedisRecorded } from './redis-recorded';
import { RECORDED_FIELD_MARK } from '../recorded/model';
import { readUsageChanges } from './redis-usage-changes';
import { numberArg, shardCall, textArg } from './redis-usage-call';
import { ADMIT_PROJECTS } from './redis-usage-script';
import type { LimitedBatchOutcome, ProjectAdmission, UsageStore } from './types';
import { rateLimitDecision } from './fixed-window';
import { createRedisRateLimit, rateCounter } from './redis-rate-limit';
import { drawThenRecord } from './usage-within-limits';
import { parseSeriesField, sortTotals } from './usage-series';

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
  const recordUsage: UsageStore['recordUsage'] = (events, idempotencyWindowMs) =>
    call('record usage', async (client): Promise<BatchOutcome> => {
      // Shards are written separately: a bad event must be refused before any of them is.
      if (shards.length > 1) checkUsageBatch(events, idempotencyWindowMs);
      const groups = groupByShard(events, usage);
      const calls = groups.map(([shard, indexes]) => shardCall(shard, indexes.map((index) => events[index]), idempotencyWindowMs));
      return batchOutcome(events, groups, await parts.write(client, calls));
    });
  const { consumeRateLimit } = createRedisRateLimit({ call, keys });
  const recordWithLimitsInScript = (shard: RedisKeys, ...[events, idempotencyWindowMs, rateLimits]: Parameters<UsageStore['recordUsageWithinLimits']>) =>
    call('record usage', async (client): Promise<LimitedBatchOutcome> => {
      const { limits, windowMs, nowMs } = rateLimits;
      const counters = limits.map(({ key, limit }) => rateCounter(keys, key, limit, windowMs, nowMs));
      const [reply] = await parts.write(client, [shardCall(shard, events, idempotencyWindowMs, counters)]);
      if (Array.isArray(reply) && reply[0] === 'refused') {
        const counter = counters[Number(reply[1]) - 1];
        if (!counter) throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
        return { refused: { index: Number(reply[1]) - 1, decision: rateLimitDecision(Number(reply[2]), counter.limit, counter.window) } };
      }
      return { recorded: batchOutcome(events, [[shard, events.map((_, index) => index)]], [reply]) };
    });
  return {
    recordUsage,
    recordUsageWithinLimits: (events, idempotencyWindowMs, rateLimits) => {
      // One script draws the limits and writes the batch when they all share its slot: always on
      // one Redis; on a cluster for a batch of one shard's projects (every batch of one project),
      // since a limit's counter lives in its project's shard. Otherwise the limits are drawn
      // first, on their own: no shard may be written before every limit is drawn.
      const groups = groupByShard(events, usage);
      const shard = groups.length === 1 ? groups[0][0] : undefined;
      return shard && rateLimits.limits.every(({ key }) => usage.ofRateLimit(key) === shard)
        ? recordWithLimitsInScript(shard, events, idempotencyWindowMs, rateLimits)
        : drawThenRecord({ consumeRateLimit, recordUsage }, events, idempotencyWindowMs, rateLimits);
    },
    ...createRedisRecorded({ call, keys, usage, write: parts.write, consumeRateLimit }),
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

/** Accepted and duplicate ids from the scripts' flags (one reply per group, a flag per event: 1 counted). */
function batchOutcome(events: readonly UsageEvent[], groups: readonly [RedisKeys, number[]][], replies: readonly unknown[]): BatchOutcome {
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
