/**
 * Seasonal periods, in buckets. `auto` uses the calendar, because usage follows people: a day and
 * a week when the buckets divide them. A season is kept only when the history holds at least two
 * full cycles of it, since one cycle cannot tell a season from noise (and MSTL refuses it).
 */
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MIN_CYCLES = 2;

export type SeasonSpec = 'auto' | readonly number[];

export function seasonalPeriods(options: { spec: SeasonSpec; stepMs: number; length: number }): number[] {
  const { spec, stepMs, length } = options;
  const candidates = spec === 'auto' ? calendarPeriods(stepMs) : [...spec];
  return candidates
    .filter((period) => Number.isInteger(period) && period > 1 && length >= MIN_CYCLES * period)
    .sort((a, b) => a - b);
}

function calendarPeriods(stepMs: number): number[] {
  return [DAY_MS, WEEK_MS].filter((span) => span % stepMs === 0).map((span) => span / stepMs);
}
