/** The analytics API's outside services (forecaster, Prometheus) and the export limits, with their defaults. */
import type { ConfigProblem } from '../../../common/config/errors';
import type { KeyPath } from '../../../common/config/path';
import { parseDuration } from '../../../common/duration';
import {
  DEFAULT_EXPORT_EXPIRE_AFTER_MS,
  DEFAULT_EXPORT_MAX_FILE_BYTES,
  DEFAULT_EXPORT_MAX_RANGE_MS,
  DEFAULT_EXPORT_QUERY_TIMEOUT_MS,
  DEFAULT_FORECASTER_TIMEOUT_MS,
  type ExportSettings,
  type ForecasterSettings,
} from './model';
import type { PulseConfigSpec } from './schema';

const DAY_MS = 86_400_000;

const durationOr = (text: string | undefined, fallback: number): number => (text === undefined ? fallback : parseDuration(text)!);
const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

export function resolveForecaster(spec: PulseConfigSpec): ForecasterSettings | undefined {
  if (!spec.forecaster) return undefined;
  return { url: withoutTrailingSlash(spec.forecaster.url), timeoutMs: durationOr(spec.forecaster.timeout, DEFAULT_FORECASTER_TIMEOUT_MS) };
}

export function resolveExports(spec: PulseConfigSpec, ctx: { readonly problem: (path: KeyPath, message: string) => ConfigProblem }, problems: ConfigProblem[]): ExportSettings {
  const given = spec.exports;
  const settings: ExportSettings = {
    prometheusUrl: given?.prometheus_url === undefined ? undefined : withoutTrailingSlash(given.prometheus_url),
    queryTimeoutMs: durationOr(given?.query_timeout, DEFAULT_EXPORT_QUERY_TIMEOUT_MS),
    expireAfterMs: durationOr(given?.expire_after, DEFAULT_EXPORT_EXPIRE_AFTER_MS),
    maxFileBytes: given?.max_file_bytes ?? DEFAULT_EXPORT_MAX_FILE_BYTES,
    maxRangeMs: durationOr(given?.max_range, DEFAULT_EXPORT_MAX_RANGE_MS),
  };
  // Exports cover whole days (date_from..date_to), so a range under a day would refuse every request.
  if (settings.maxRangeMs < DAY_MS) problems.push(ctx.problem(['exports', 'max_range'], `must be at least 1d (got "${given?.max_range}")`));
  if (settings.expireAfterMs < 1000) problems.push(ctx.problem(['exports', 'expire_after'], `must be at least 1s (got "${given?.expire_after}")`));
  return settings;
}
