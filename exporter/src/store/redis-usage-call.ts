/**
 * One shard's part of a usage batch as a call of RECORD_USAGE (redis-usage-script.ts, which
 * documents the arguments). Each distinct series and (project, minute) is sent once and the
 * events refer to them by index, all in one JSON argument: ioredis' per-argument work was a fifth
 * of the exporter's CPU while ingesting when a batch of 100 made about 1,300 arguments.
 */
import type { UsageEvent } from '../usage/types';
import { minuteExpiresAtMs, minuteOf, recentField, recentLevelTimeField } from './recent-usage';
import type { RedisKeys } from './redis-keys';
import type { RateCounter } from './redis-rate-limit';
import type { ScriptCall } from './redis-replicated-write';
import { idDigestHex } from './redis-seen-ids';
import { RECORD_USAGE } from './redis-usage-script';
import { seriesField } from './usage-series';

/** Anything not a string arrives as '' and is refused by the script's checks. */
export function textArg(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Anything not a number arrives quoted, so the script's tonumber() refuses it. */
export function numberArg(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(String(value));
}

/** Rows made once per distinct path of keys, numbered from 1 as Lua counts. */
function rowsByPath<Row>() {
  const rows: Row[] = [];
  const root = new Map<unknown, unknown>();
  return {
    rows,
    /** The row's number for this path, made by `make` the first time the path is seen. */
    numberOf(path: readonly unknown[], make: () => Row): number {
      let node = root;
      for (let at = 0; at < path.length - 1; at++) {
        let next = node.get(path[at]) as Map<unknown, unknown> | undefined;
        if (!next) node.set(path[at], (next = new Map()));
        node = next;
      }
      const last = path[path.length - 1];
      let found = node.get(last) as number | undefined;
      if (found === undefined) {
        rows.push(make());
        node.set(last, (found = rows.length));
      }
      return found;
    },
  };
}

/** `counters`: rate limits the batch draws on first; their keys must be in the shard's slot (redis-cluster-keys.ts). */
export function shardCall(keys: RedisKeys, events: readonly UsageEvent[], idempotencyWindowMs: number, counters: readonly RateCounter[] = []): ScriptCall {
  const eventKeys: string[] = [];
  const series = rowsByPath<readonly string[]>();
  const minutes = rowsByPath<string>();
  const digests: string[] = [];
  const rows = events.map((event) => {
    const project = textArg(event.project);
    const region = textArg(event.region);
    const type = String(event.type);
    const minuteMs = minuteOf(Number(event.timestampMs));
    const seriesNumber = series.numberOf([event.project, region, type], () => [project, region, type, seriesField(event), recentField(region, event.type), recentLevelTimeField(region, event.type)]);
    const minuteNumber = minutes.numberOf([project, minuteMs], () => {
      eventKeys.push(keys.usageSeen(project), keys.usageRecent(project, minuteMs));
      return numberArg(minuteExpiresAtMs(minuteMs));
    });
    digests.push(idDigestHex(project, textArg(event.id)));
    return [textArg(event.id), seriesNumber, minuteNumber, numberArg(event.value), numberArg(event.timestampMs)];
  });
  const limits = counters.map((counter) => [counter.limit, counter.expireMs]);
  const batch = JSON.stringify({ series: series.rows, minutes: minutes.rows, events: rows, limits });
  return {
    script: RECORD_USAGE,
    keys: [keys.usageTotals, keys.usageLevelTimes, keys.usageEventCounts, keys.usageEpoch, keys.usageVersion, keys.usageChanges, ...eventKeys, ...counters.map((counter) => counter.key)],
    args: [numberArg(idempotencyWindowMs), batch, Buffer.from(digests.join(''), 'hex')],
  };
}
