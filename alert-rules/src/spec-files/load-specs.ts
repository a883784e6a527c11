/**
 * Reads every spec file of a folder: each is parsed with the schema of its `kind`, and every
 * problem names the file, line and key path. Returns the specs with a locator per file, for
 * the cross-checks that come after parsing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, type ConfigProblem } from '../../../common/config/errors';
import { parseYamlWith, yamlLocator, type YamlLocator } from '../../../common/config/yaml-validation';
import { loadRoutingSpec, type RoutingSpec } from '../alertmanager';
import { SPEC_SCHEMAS, type AggregatesSpec, type AlertsSpec, type BuiltinAlertsSpec, type CustomMetricsSpec, type InsightsSpec, type SlosSpec } from './schema';

export interface Located<T> {
  readonly spec: T;
  readonly at: YamlLocator;
}

export interface SpecSet {
  readonly aggregates: Located<AggregatesSpec>;
  readonly customMetrics: readonly Located<CustomMetricsSpec>[];
  readonly alerts: readonly Located<AlertsSpec>[];
  readonly builtin: Located<BuiltinAlertsSpec>;
  readonly slos: Located<SlosSpec>;
  readonly insights: Located<InsightsSpec>;
  readonly routing: Located<RoutingSpec>;
}

const SINGLE_KINDS = ['Aggregates', 'BuiltinAlerts', 'SLOs', 'Insights', 'Routing'] as const;
const ALL_KINDS = [...Object.keys(SPEC_SCHEMAS), 'Routing'];

export interface SpecSource {
  readonly file: string;
  readonly text: string;
}

export function readSpecFolder(dir: string): SpecSource[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

/** Parses every source; throws ConfigError listing the problems of all files at once. */
export function loadSpecs(sources: readonly SpecSource[]): SpecSet {
  const problems: ConfigProblem[] = [];
  const byKind = new Map<string, Located<unknown>[]>();
  for (const source of sources) {
    const at = yamlLocator(source.text, source.file);
    const kind = kindOf(source.text);
    if (!ALL_KINDS.includes(kind)) {
      problems.push({ file: at.file, line: at.lineOf(['kind']) ?? 1, path: ['kind'], message: `must be one of ${ALL_KINDS.join(', ')} (got ${JSON.stringify(kind)})` });
      continue;
    }
    try {
      const spec = kind === 'Routing' ? loadRoutingSpec(source.text, source.file) : parseYamlWith(SPEC_SCHEMAS[kind as keyof typeof SPEC_SCHEMAS], source.text, source.file);
      byKind.set(kind, [...(byKind.get(kind) ?? []), { spec, at }]);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  for (const kind of SINGLE_KINDS) {
    const found = byKind.get(kind) ?? [];
    if (found.length > 1) problems.push({ file: found[1].at.file, line: 1, path: ['kind'], message: `only one ${kind} spec is allowed (also in ${found[0].at.file})` });
    if (found.length === 0 && problems.length === 0) problems.push({ file: '(specs)', path: [], message: `a ${kind} spec is missing` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const one = <T>(kind: string) => byKind.get(kind)![0] as Located<T>;
  return {
    aggregates: one('Aggregates'),
    customMetrics: (byKind.get('CustomMetrics') ?? []) as Located<CustomMetricsSpec>[],
    alerts: (byKind.get('Alerts') ?? []) as Located<AlertsSpec>[],
    builtin: one('BuiltinAlerts'),
    slos: one('SLOs'),
    insights: one('Insights'),
    routing: one('Routing'),
  };
}

function kindOf(text: string): string {
  try {
    const value: unknown = parseDocument(text).get('kind');
    return typeof value === 'string' ? value : String(value);
  } catch {
    return 'undefined';
  }
}
