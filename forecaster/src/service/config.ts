/** The forecaster's config file (apiVersion pulse/v1, kind Forecaster), validated once into a frozen model. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { compileSafeRegex } from '../../../common/config/safe-regex';
import { parseYamlWith } from '../../../common/config/yaml-validation';
import { parseDuration } from '../../../common/duration';
import { FORECAST_HORIZONS, USAGE_TYPES, type UsageType } from '../../../common/metrics/catalogue';

const duration = z.string().refine((text) => (parseDuration(text) ?? 0) > 0, { message: 'must be a duration such as 1h or 30d' });
const days = duration.refine((text) => parseDuration(text)! % 86_400_000 === 0, { message: 'must be whole days such as 7d' });

const schema = z.strictObject({
  apiVersion: z.literal('pulse/v1'),
  kind: z.literal('Forecaster'),
  prometheus_url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
  // A run is armed with setTimeout, which turns anything past 24.8 days into 1 ms.
  schedule: duration.refine((text) => parseDuration(text)! >= 60_000 && parseDuration(text)! <= 7 * 86_400_000, { message: 'must be from 1m to 7d' }).default('1h'),
  horizons: z.array(days).min(1).default([...FORECAST_HORIZONS]),
  history: z.strictObject({ daily: days.default('90d'), hourly: days.default('22d') }).default({ daily: '90d', hourly: '22d' }),
  metrics: z.array(z.enum(USAGE_TYPES)).min(1).default([...USAGE_TYPES]),
  projects: z.string().default('.*'),
  regions: z.string().default('.*'),
  workers: z.union([z.literal('auto'), z.number().int('must be a whole number').min(0).max(64)]).default('auto'),
  limits: z
    .array(
      z.strictObject({
        metric: z.enum(USAGE_TYPES),
        project: z.string().optional(),
        region: z.string().optional(),
        kind: z.enum(['quota', 'capacity']),
        value: z.number().positive(),
      }),
    )
    .default([]),
});

export interface Limit {
  readonly metric: UsageType;
  readonly project?: string;
  readonly region?: string;
  readonly kind: 'quota' | 'capacity';
  readonly value: number;
}

export interface ForecasterConfig {
  readonly prometheusUrl: string;
  readonly scheduleMs: number;
  /** Horizon labels ("7d") with their number of days, nearest first. */
  readonly horizons: readonly { readonly label: string; readonly days: number }[];
  readonly dailyHistoryDays: number;
  readonly hourlyHistoryDays: number;
  readonly metrics: readonly UsageType[];
  readonly projects: RegExp;
  readonly regions: RegExp;
  readonly limits: readonly Limit[];
  /** Threads that fit models; 0 fits in the main thread. */
  readonly workers: number;
}

const toDays = (text: string) => parseDuration(text)! / 86_400_000;

export function parseForecasterConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): ForecasterConfig {
  const spec = parseYamlWith(schema, text, file);
  const anchored = (key: 'projects' | 'regions') => {
    const outcome = compileSafeRegex(spec[key], (source) => `^(?:${source})$`);
    if ('error' in outcome) throw new Error(`${file}: ${key}: ${outcome.error} (got "${spec[key]}")`);
    return outcome.regex;
  };
  return Object.freeze({
    prometheusUrl: (env.PROMETHEUS_URL || spec.prometheus_url).replace(/\/$/, ''),
    scheduleMs: parseDuration(spec.schedule)!,
    horizons: spec.horizons.map((label) => ({ label, days: toDays(label) })).sort((a, b) => a.days - b.days),
    dailyHistoryDays: toDays(spec.history.daily),
    hourlyHistoryDays: toDays(spec.history.hourly),
    metrics: spec.metrics,
    projects: anchored('projects'),
    regions: anchored('regions'),
    limits: spec.limits,
    // "auto": one per core; the main thread only reads Prometheus and serves, which costs little.
    workers: spec.workers === 'auto' ? availableParallelism() : spec.workers,
  });
}

export function loadForecasterConfig(file: string, env: NodeJS.ProcessEnv = process.env): ForecasterConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  return parseForecasterConfig(text, file, env);
}
