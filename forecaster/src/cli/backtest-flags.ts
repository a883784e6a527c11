/** Flags of `pulse-forecaster backtest`, parsed and validated once; every error names the flag. */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../../common/duration';
import type { SeasonSpec } from '../series/season';
import type { Aggregation } from '../series/types';

export interface BacktestFlags {
  readonly inputs: readonly string[];
  readonly bucketMs: number;
  readonly agg: Aggregation;
  readonly horizon?: number;
  readonly step?: number;
  readonly season: SeasonSpec;
  readonly level: number;
  readonly json: boolean;
  readonly help: boolean;
}

export class UsageError extends Error {}

export const BACKTEST_USAGE = `usage: pulse-forecaster backtest --input FILE [--input FILE …] [flags]

Backtests every model on each CSV of timestamp,value (rolling origin), prints MASE, sMAPE,
coverage of the band and MSIS per model, and the model it would select.

  --input FILE       CSV with a header naming a timestamp and a value column; repeat for several
  --period DUR       bucket to aggregate to (default 1d; e.g. 1h)
  --agg sum|mean     how samples become a bucket (default sum: right for counts)
  --horizon N|DUR    points (or a duration) to forecast (default 28d for daily, 48h for hourly)
  --step N|DUR       points (or a duration) between origins (default: a quarter of the horizon;
                     at most a quarter of a day for buckets under a day on
                     series of at most 12 weeks)
  --season S         auto (a day and a week, as the period allows), none, or points: 7 or 24,168
  --level L          central coverage of the band (default 0.95)
  --json             one JSON object per input instead of the table
  --help             print this help`;

export function parseBacktestFlags(argv: readonly string[]): BacktestFlags {
  const values = readArgs(argv);
  if (values.help) return { inputs: [], bucketMs: 0, agg: 'sum', season: 'auto', level: 0.95, json: false, help: true };
  const inputs = values.input ?? [];
  if (inputs.length === 0) throw new UsageError('--input: at least one CSV file is required');
  const bucketMs = parseDuration(values.period ?? '1d');
  if (bucketMs === undefined || bucketMs <= 0) throw new UsageError(`--period: not a duration (got "${values.period}")`);
  const agg = values.agg ?? 'sum';
  if (agg !== 'sum' && agg !== 'mean') throw new UsageError(`--agg: must be sum or mean (got "${agg}")`);
  const level = Number(values.level ?? '0.95');
  if (!(level > 0 && level < 1)) throw new UsageError(`--level: must be between 0 and 1 (got "${values.level}")`);
  return {
    inputs,
    bucketMs,
    agg,
    horizon: values.horizon === undefined ? undefined : toPoints('--horizon', values.horizon, bucketMs),
    step: values.step === undefined ? undefined : toPoints('--step', values.step, bucketMs),
    season: parseSeason(values.season ?? 'auto'),
    level,
    json: values.json ?? false,
    help: false,
  };
}

function readArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        input: { type: 'string', multiple: true },
        period: { type: 'string' },
        agg: { type: 'string' },
        horizon: { type: 'string' },
        step: { type: 'string' },
        season: { type: 'string' },
        level: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A whole number of points, or a duration that is a whole number of buckets. */
function toPoints(flag: string, text: string, bucketMs: number): number {
  if (/^\d+$/.test(text)) {
    const points = Number(text);
    if (points >= 1) return points;
  } else {
    const ms = parseDuration(text);
    if (ms !== undefined && ms > 0 && ms % bucketMs === 0) return ms / bucketMs;
  }
  throw new UsageError(`${flag}: must be a positive number of points or a duration that is a whole number of --period buckets (got "${text}")`);
}

function parseSeason(text: string): SeasonSpec {
  if (text === 'auto') return 'auto';
  if (text === 'none') return [];
  const periods = text.split(',').map((part) => Number(part.trim()));
  if (periods.some((period) => !Number.isInteger(period) || period < 2)) {
    throw new UsageError(`--season: must be auto, none or whole numbers of points ≥ 2 separated by commas (got "${text}")`);
  }
  return periods;
}
