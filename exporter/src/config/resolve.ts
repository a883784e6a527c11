import { ConfigError, type ConfigProblem } from '../../../common/config/errors';
import type { KeyPath } from '../../../common/config/path';
import { parseDuration } from '../../../common/duration';
import { CONFIRM_DELAY_INTERVAL_FRACTION, DEFAULT_HEALTH_POLICY, DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS, type HealthPolicy, type PulseConfig, type RegionConfig, DEFAULT_SELECTION, type SelectionSettings } from './model';
import { resolveExports, resolveForecaster } from './resolve-analytics';
import { resolveProbe } from './resolve-probe';
import { resolveProjectAlerts } from './resolve-project-alerts';
import { checkDistinctKeys, resolveAdminKey, resolveProjectPattern, resolveProjects, resolveTokens, resolveUsage } from './resolve-secrets';
import type { HealthPolicySpec, PulseConfigSpec, RegionSpec } from './schema';

export interface ResolveContext {
  readonly sourceFile: string;
  /** Reads a file named in the config (relative paths are relative to the config file). */
  readonly readFile: (path: string) => string;
  /** Locates a key path in the source for error messages. */
  readonly problem: (path: KeyPath, message: string) => ConfigProblem;
  /** Overrides `vantage` (from --vantage or PULSE_VANTAGE). */
  readonly vantageOverride?: string;
  /** Environment for secrets given as variables (PULSE_ADMIN_KEY, PULSE_METRICS_TOKEN, key_env …). */
  readonly env: NodeJS.ProcessEnv;
}

/** Applies defaults and cross-field rules; throws ConfigError listing every problem. */
export function resolveConfig(spec: PulseConfigSpec, ctx: ResolveContext): PulseConfig {
  const problems: ConfigProblem[] = [];
  const vantageName = ctx.vantageOverride ?? spec.vantage;
  const vantage = findVantage(spec, vantageName, ['vantage'], ctx, problems);
  const defaultVantage = spec.selection?.default_vantage ?? vantageName;
  if (spec.selection?.default_vantage !== undefined) findVantage(spec, defaultVantage, ['selection', 'default_vantage'], ctx, problems);
  checkUniqueNames(spec.vantages.map((v) => v.name), 'vantages', 'name', ctx, problems);
  checkUniqueNames(spec.regions.map((r) => r.code), 'regions', 'code', ctx, problems);

  const defaultHealth = resolveHealth(spec.defaults?.health, DEFAULT_HEALTH_POLICY, ['defaults', 'health'], ctx, problems);
  const codes = new Set(spec.regions.map((r) => r.code));
  const regions = spec.regions.map((region, index) => resolveRegion(region, ['regions', index], codes, defaultHealth, spec, ctx, problems));
  const selection = resolveSelection(spec, regions, ctx, problems);
  const adminKeySha256 = resolveAdminKey(spec, ctx, problems);
  const usage = resolveUsage(spec);
  const projects = resolveProjects(spec, usage, ctx, problems);
  const projectPattern = resolveProjectPattern(spec, usage, ctx, problems);
  checkDistinctKeys(spec, { admin: adminKeySha256, projects, pattern: projectPattern?.keySha256 }, ctx, problems);
  const tokens = resolveTokens(spec, ctx, problems);
  const exports = resolveExports(spec, ctx, problems);
  const projectAlerts = resolveProjectAlerts(spec, ctx, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({
    sourceFile: ctx.sourceFile,
    vantage: vantage!,
    vantages: spec.vantages,
    maxConcurrentProbes: spec.scheduler.max_concurrent_probes,
    defaultVantage,
    selection,
    adminKeySha256,
    regions,
    projects,
    projectPattern,
    usage,
    ...tokens,
    forecaster: resolveForecaster(spec),
    exports,
    projectAlerts,
  });
}

function resolveRegion(
  region: RegionSpec,
  at: KeyPath,
  codes: ReadonlySet<string>,
  defaultHealth: HealthPolicy,
  spec: PulseConfigSpec,
  ctx: ResolveContext,
  problems: ConfigProblem[],
): RegionConfig {
  if (!/^wss?:\/\/[^\s/]+/.test(region.url)) {
    problems.push(ctx.problem([...at, 'url'], `must be a ws:// or wss:// media server URL (got "${region.url}")`));
  }
  region.failover.forEach((code, index) => {
    const path = [...at, 'failover', index];
    if (code === region.code) problems.push(ctx.problem(path, `must not name the region itself (got "${code}")`));
    else if (!codes.has(code)) problems.push(ctx.problem(path, `must name a configured region (got "${code}")`));
    else if (region.failover.indexOf(code) !== index) problems.push(ctx.problem(path, `is listed twice (got "${code}")`));
  });
  const probe = resolveProbe(
    region.probe,
    [...at, 'probe'],
    {
      defaultIntervalMs: durationOr(spec.defaults?.probe?.interval, DEFAULT_INTERVAL_MS),
      defaultTimeoutMs: durationOr(spec.defaults?.probe?.timeout, DEFAULT_TIMEOUT_MS),
      readFile: ctx.readFile,
      problem: ctx.problem,
    },
    problems,
  );
  const health = withConfirmDelay(resolveHealth(region.health, defaultHealth, [...at, 'health'], ctx, problems), region, spec, probe.intervalMs, at, ctx, problems);
  return {
    code: region.code,
    name: region.name,
    url: region.url,
    latitude: region.latitude,
    longitude: region.longitude,
    priority: region.priority,
    capacity: region.capacity,
    failover: region.failover,
    active: region.active,
    probe,
    health,
  };
}

function resolveHealth(spec: HealthPolicySpec | undefined, base: HealthPolicy, at: KeyPath, ctx: ResolveContext, problems: ConfigProblem[]): HealthPolicy {
  const policy: HealthPolicy = {
    window: spec?.window ?? base.window,
    downAfter: spec?.down_after ?? base.downAfter,
    degradedAfter: spec?.degraded_after ?? base.degradedAfter,
    recoverAfter: spec?.recover_after ?? base.recoverAfter,
    degradedLatencyMs: durationOr(spec?.degraded_latency, base.degradedLatencyMs),
    degradedLoadRatio: spec?.degraded_load_ratio ?? base.degradedLoadRatio,
    confirmDelayMs: durationOr(spec?.confirm_delay, base.confirmDelayMs),
  };
  if (policy.downAfter > policy.window) {
    problems.push(ctx.problem([...at, 'down_after'], `must not exceed window (${policy.window}) (got ${policy.downAfter})`));
  }
  if (policy.degradedAfter > policy.window) {
    problems.push(ctx.problem([...at, 'degraded_after'], `must not exceed window (${policy.window}) (got ${policy.degradedAfter})`));
  }
  if (policy.recoverAfter > policy.window) {
    problems.push(ctx.problem([...at, 'recover_after'], `must not exceed window (${policy.window}) (got ${policy.recoverAfter})`));
  }
  return policy;
}

/**
 * The region's confirm_delay: its own, else the defaults', else a fraction of its interval. A
 * configured one must be shorter than the interval (a confirmation comes before the next tick, or
 * the tick is the confirmation).
 */
function withConfirmDelay(health: HealthPolicy, region: RegionSpec, spec: PulseConfigSpec, intervalMs: number, at: KeyPath, ctx: ResolveContext, problems: ConfigProblem[]): HealthPolicy {
  const own = region.health?.confirm_delay;
  const configured = own ?? spec.defaults?.health?.confirm_delay;
  if (configured === undefined) return { ...health, confirmDelayMs: Math.round(intervalMs / CONFIRM_DELAY_INTERVAL_FRACTION) };
  if (health.confirmDelayMs >= intervalMs) {
    const path = own === undefined ? ['defaults', 'health', 'confirm_delay'] : [...at, 'health', 'confirm_delay'];
    problems.push(ctx.problem(path, `must be shorter than the probe interval of region ${region.code} (${intervalMs}ms) (got ${configured})`));
  }
  return health;
}

function findVantage(spec: PulseConfigSpec, name: string, at: KeyPath, ctx: ResolveContext, problems: ConfigProblem[]) {
  const found = spec.vantages.find((v) => v.name === name);
  if (!found) {
    const known = spec.vantages.map((v) => v.name).join(', ');
    problems.push(ctx.problem(at, `must name one of the vantages (${known}) (got "${name}")`));
  }
  return found;
}

function checkUniqueNames(names: readonly string[], list: string, key: string, ctx: ResolveContext, problems: ConfigProblem[]): void {
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) problems.push(ctx.problem([list, index, key], `is a duplicate (got "${name}")`));
  });
}

function resolveSelection(spec: PulseConfigSpec, regions: readonly RegionConfig[], ctx: ResolveContext, problems: ConfigProblem[]): SelectionSettings {
  // A probe refreshes the load once per interval: a limit shorter than that would distrust a region between two probes.
  const longest = Math.max(...regions.map((r) => r.probe.intervalMs));
  const given = spec.selection?.load_stale_after;
  const selection: SelectionSettings = {
    strategy: spec.selection?.strategy ?? DEFAULT_SELECTION.strategy,
    spreadMargin: spec.selection?.spread_margin ?? DEFAULT_SELECTION.spreadMargin,
    loadStaleAfterMs: given === undefined ? Math.max(DEFAULT_SELECTION.loadStaleAfterMs, 2 * longest) : parseDuration(given)!,
  };
  if (given !== undefined && selection.loadStaleAfterMs <= longest) {
    problems.push(ctx.problem(['selection', 'load_stale_after'], `must be longer than the longest probe interval (${longest}ms) (got ${given})`));
  }
  return selection;
}

function durationOr(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : parseDuration(text)!;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof RegExp) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
