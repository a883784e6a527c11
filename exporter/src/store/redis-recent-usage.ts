/**
 * Reading one project's recent usage from Redis: the hour of minute hashes before the asked time
 * and the project's stored levels, in one MULTI so the read sees one instant (a batch's script
 * writes both atomically).
 */
import type { RedisClient } from './redis-connection';
import { GAUGE_USAGE_TYPES } from '../usage/types';
import { minutesBefore, recentFieldParser, recentLevelTimeField, type RecentMinute, type RecentUsage, type RecentUsageQuery, type StoredLevel } from './recent-usage';
import type { RedisKeys } from './redis-keys';
import { seriesField } from './usage-series';

export async function readRecentUsage(client: RedisClient, keys: RedisKeys, query: RecentUsageQuery): Promise<RecentUsage> {
  const minuteStarts = minutesBefore(query.beforeMs);
  const levelSeries = query.regions.flatMap((region) => [...GAUGE_USAGE_TYPES].map((type) => ({ region, type })));
  const transaction = client.multi();
  for (const minuteMs of minuteStarts) transaction.hgetall(keys.usageRecent(query.project, minuteMs));
  if (levelSeries.length > 0) {
    const fields = levelSeries.map((series) => seriesField({ project: query.project, ...series }));
    transaction.hmget(keys.usageTotals, ...fields);
    transaction.hmget(keys.usageLevelTimes, ...fields);
  }
  const replies = await transaction.exec();
  if (!replies) throw new Error('the read transaction was aborted');
  const results = replies.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
  const parse = recentFieldParser();
  const minutes = minuteStarts.flatMap((minuteMs, index) => parseMinute(minuteMs, results[index] as Record<string, string>, parse));
  const levels: StoredLevel[] = [];
  if (levelSeries.length > 0) {
    const [values, times] = results.slice(minuteStarts.length) as [(string | null)[], (string | null)[]];
    levelSeries.forEach((series, index) => {
      const value = values[index];
      if (value !== null) levels.push({ ...series, value: Number(value), atMs: Number(times[index] ?? 0) });
    });
  }
  return { minutes, levels };
}

function parseMinute(minuteMs: number, hash: Record<string, string>, parse: ReturnType<typeof recentFieldParser>): RecentMinute[] {
  const found: RecentMinute[] = [];
  for (const [field, value] of Object.entries(hash)) {
    const { region, type, levelTime } = parse(field);
    if (levelTime) continue;
    if (!GAUGE_USAGE_TYPES.has(type)) found.push({ minuteMs, region, type, value: Number(value) });
    else found.push({ minuteMs, region, type, value: Number(value), atMs: Number(hash[recentLevelTimeField(region, type)] ?? 0) });
  }
  return found;
}
