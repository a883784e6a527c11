/**
 * Secrets of the config: API keys of projects, the admin key, the /metrics and webhook tokens.
 * Only their sha256 is kept: from a hash written in the file, from a file, or from an
 * environment variable, so no secret needs to be committed.
 */
import { DEFAULT_MAX_NAMES, DEFAULT_MAX_SERIES } from '../recorded/model';
import type { ConfigProblem } from '../../../common/config/errors';
import { formatValue, type KeyPath } from '../../../common/config/path';
import { compileSafeRegex } from '../../../common/config/safe-regex';
import { parseDuration } from '../../../common/duration';
import { sha256Hex as sha256 } from '../../../common/http/bearer-key';
import {
  DEFAULT_ALERT_RETENTION_MS,
  DEFAULT_IDEMPOTENCY_WINDOW_MS,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type ProjectConfig,
  type ProjectPattern,
  type UsageSettings,
} from './model';
import type { PulseConfigSpec } from './schema';

export interface SecretContext {
  readonly readFile: (path: string) => string;
  readonly env: NodeJS.ProcessEnv;
  readonly problem: (path: KeyPath, message: string) => ConfigProblem;
}

interface SecretSpec {
  readonly key_sha256?: string;
  readonly key_file?: string;
  readonly key_env?: string;
}

/** The sha256 of a secret given in one of the three ways; undefined when none is given. */
export function resolveSecret(spec: SecretSpec, at: KeyPath, ctx: SecretContext, problems: ConfigProblem[]): string | undefined {
  const given = (['key_sha256', 'key_file', 'key_env'] as const).filter((k) => spec[k] !== undefined);
  if (given.length > 1) {
    problems.push(ctx.problem([...at, given[1]], `give only one of key_sha256, key_file, key_env (got ${given.join(' and ')})`));
    return undefined;
  }
  if (spec.key_env !== undefined) {
    const value = ctx.env[spec.key_env];
    if (!value) problems.push(ctx.problem([...at, 'key_env'], `environment variable is not set (got "${spec.key_env}")`));
    return value ? sha256(value) : undefined;
  }
  if (spec.key_file !== undefined) return secretFromFile(spec.key_file, [...at, 'key_file'], ctx, problems);
  return spec.key_sha256;
}

export function secretFromFile(file: string, at: KeyPath, ctx: SecretContext, problems: ConfigProblem[]): string | undefined {
  try {
    const key = ctx.readFile(file).trim();
    if (key.length === 0) {
      problems.push(ctx.problem(at, `is empty (got "${file}")`));
      return undefined;
    }
    return sha256(key);
  } catch (error) {
    problems.push(ctx.problem(at, `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (got "${file}")`));
    return undefined;
  }
}

/** An environment variable wins over the file named in the config. */
function tokenFrom(envName: string, file: string | undefined, at: KeyPath, ctx: SecretContext, problems: ConfigProblem[]): string | undefined {
  const fromEnv = ctx.env[envName];
  if (fromEnv) return sha256(fromEnv);
  return file === undefined ? undefined : secretFromFile(file, at, ctx, problems);
}

export function resolveAdminKey(spec: PulseConfigSpec, ctx: SecretContext, problems: ConfigProblem[]): string | undefined {
  const fromEnv = ctx.env.PULSE_ADMIN_KEY;
  if (fromEnv) return sha256(fromEnv);
  return spec.admin ? resolveSecret(spec.admin, ['admin'], ctx, problems) : undefined;
}

export function resolveUsage(spec: PulseConfigSpec): UsageSettings {
  return {
    rateLimitPerMinute: spec.usage?.rate_limit_per_minute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    idempotencyWindowMs: spec.usage?.idempotency_window === undefined ? DEFAULT_IDEMPOTENCY_WINDOW_MS : parseDuration(spec.usage.idempotency_window)!,
  };
}

export function resolveProjects(spec: PulseConfigSpec, usage: UsageSettings, ctx: SecretContext, problems: ConfigProblem[]): ProjectConfig[] {
  const ids = spec.projects.map((p) => p.id);
  return spec.projects.map((project, index) => {
    if (ids.indexOf(project.id) !== index) problems.push(ctx.problem(['projects', index, 'id'], `is a duplicate (got "${project.id}")`));
    const keySha256 = resolveSecret(project, ['projects', index], ctx, problems);
    if (keySha256 === undefined && !problems.some((p) => p.path[0] === 'projects' && p.path[1] === index)) {
      problems.push(ctx.problem(['projects', index], `needs a key: key_sha256, key_file or key_env (got none for "${project.id}")`));
    }
    const recorded = project.recorded_metrics;
    const recordedLimits = recorded && { maxNames: recorded.max_names ?? DEFAULT_MAX_NAMES, maxSeries: recorded.max_series ?? DEFAULT_MAX_SERIES };
    return { id: project.id, keySha256, rateLimitPerMinute: project.rate_limit_per_minute ?? usage.rateLimitPerMinute, ...(recordedLimits ? { recordedLimits } : {}) };
  });
}

export function resolveProjectPattern(spec: PulseConfigSpec, usage: UsageSettings, ctx: SecretContext, problems: ConfigProblem[]): ProjectPattern | undefined {
  const pattern = spec.project_pattern;
  if (!pattern) return undefined;
  // Anchored, so a pattern can never admit more than it says.
  const outcome = compileSafeRegex(pattern.regex, (source) => `^(?:${source})$`);
  if ('error' in outcome) problems.push(ctx.problem(['project_pattern', 'regex'], `${outcome.error} (got ${formatValue(pattern.regex)})`));
  const keySha256 = resolveSecret(pattern, ['project_pattern'], ctx, problems);
  if ('error' in outcome) return undefined;
  return { regex: outcome.regex, maxProjects: pattern.max_projects, keySha256, rateLimitPerMinute: usage.rateLimitPerMinute };
}

export function resolveTokens(spec: PulseConfigSpec, ctx: SecretContext, problems: ConfigProblem[]) {
  return {
    metricsTokenSha256: tokenFrom('PULSE_METRICS_TOKEN', spec.metrics?.bearer_token_file, ['metrics', 'bearer_token_file'], ctx, problems),
    webhookTokenSha256: tokenFrom('PULSE_WEBHOOK_TOKEN', spec.alerts?.webhook_token_file, ['alerts', 'webhook_token_file'], ctx, problems),
    alertRetentionMs: spec.alerts?.retention === undefined ? DEFAULT_ALERT_RETENTION_MS : parseDuration(spec.alerts.retention)!,
  };
}

/** The key field a secret was given in, for pointing at it. */
function keyField(spec: SecretSpec): keyof SecretSpec {
  return spec.key_file !== undefined ? 'key_file' : spec.key_env !== undefined ? 'key_env' : 'key_sha256';
}

/**
 * A key names one principal: two projects sharing one could write each other's usage, and a
 * project key equal to the admin key would be an admin key. Every holder needs its own.
 */
export function checkDistinctKeys(
  spec: PulseConfigSpec,
  keys: { readonly admin?: string; readonly projects: readonly ProjectConfig[]; readonly pattern?: string },
  ctx: SecretContext,
  problems: ConfigProblem[],
): void {
  const seen = new Map<string, string>();
  if (keys.admin !== undefined) seen.set(keys.admin, 'the admin key');
  const holders = [
    ...spec.projects.map((project, index) => ({ sha: keys.projects[index]?.keySha256, path: ['projects', index, keyField(project)], name: `projects[${index}] ("${project.id}")` })),
    ...(spec.project_pattern ? [{ sha: keys.pattern, path: ['project_pattern', keyField(spec.project_pattern)], name: 'project_pattern' }] : []),
  ];
  for (const holder of holders) {
    if (holder.sha === undefined) continue;
    const first = seen.get(holder.sha);
    if (first !== undefined) problems.push(ctx.problem(holder.path, `is the same key as ${first}: every project, the project pattern and the admin need a key of their own`));
    else seen.set(holder.sha, holder.name);
  }
}
