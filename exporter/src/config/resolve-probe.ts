import type { ConfigProblem } from '../../../common/config/errors';
import { formatValue, type KeyPath } from '../../../common/config/path';
import { compileSafeRegex } from '../../../common/config/safe-regex';
import { parseDuration } from '../../../common/duration';
import type { ProbeSpec, TlsOptions } from '../probes/types';
import type { ProbeConfigSpec, TlsConfigSpec } from './schema';

export interface ProbeResolveContext {
  readonly defaultIntervalMs: number;
  readonly defaultTimeoutMs: number;
  readonly readFile: (path: string) => string;
  readonly problem: (path: KeyPath, message: string) => ConfigProblem;
}

const TARGET_SCHEMES: Record<ProbeSpec['kind'], readonly string[]> = {
  http: ['http:', 'https:'],
  websocket: ['ws:', 'wss:'],
  tcp: [],
};

/** Turns one region's probe block into a ProbeSpec, collecting problems instead of throwing. */
export function resolveProbe(spec: ProbeConfigSpec, at: KeyPath, ctx: ProbeResolveContext, problems: ConfigProblem[]): ProbeSpec {
  const intervalMs = spec.interval === undefined ? ctx.defaultIntervalMs : parseDuration(spec.interval)!;
  const timeoutMs = spec.timeout === undefined ? ctx.defaultTimeoutMs : parseDuration(spec.timeout)!;
  if (timeoutMs >= intervalMs) {
    const shown = spec.timeout ?? `${timeoutMs}ms from defaults`;
    problems.push(ctx.problem([...at, 'timeout'], `must be shorter than interval (got ${shown})`));
  }
  checkTarget(spec, at, ctx, problems);
  const common = { target: spec.target, intervalMs, timeoutMs };
  switch (spec.kind) {
    case 'http':
      return {
        ...common,
        kind: 'http',
        http: {
          method: spec.http.method,
          headers: spec.http.headers,
          validStatusCodes: spec.http.valid_status_codes,
          failIfBodyNotMatches: compileRegexps(spec.http.fail_if_body_not_matches_regexp, [...at, 'http', 'fail_if_body_not_matches_regexp'], ctx, problems),
          loadField: spec.http.load_field,
          tls: resolveTls(spec.http.tls_config, [...at, 'http', 'tls_config'], ctx, problems),
        },
      };
    case 'tcp':
      return {
        ...common,
        kind: 'tcp',
        tcp: { tls: spec.tcp.tls, tlsOptions: resolveTls(spec.tcp.tls_config, [...at, 'tcp', 'tls_config'], ctx, problems) },
      };
    case 'websocket':
      return {
        ...common,
        kind: 'websocket',
        websocket: { send: spec.websocket.send, tls: resolveTls(spec.websocket.tls_config, [...at, 'websocket', 'tls_config'], ctx, problems) },
      };
  }
}

function checkTarget(spec: ProbeConfigSpec, at: KeyPath, ctx: ProbeResolveContext, problems: ConfigProblem[]): void {
  const path = [...at, 'target'];
  if (spec.kind === 'tcp') {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(spec.target) || Number(spec.target.split(':').pop()) > 65535) {
      problems.push(ctx.problem(path, `must be host:port for a tcp probe (got "${spec.target}")`));
    }
    return;
  }
  const schemes = TARGET_SCHEMES[spec.kind];
  let url: URL | undefined;
  try {
    url = new URL(spec.target);
  } catch {
    url = undefined;
  }
  if (!url || !schemes.includes(url.protocol)) {
    const expected = schemes.map((s) => s.replace(':', '://')).join(' or ');
    problems.push(ctx.problem(path, `must be a ${expected} URL for a ${spec.kind} probe (got "${spec.target}")`));
  }
}

function compileRegexps(patterns: readonly string[], at: KeyPath, ctx: ProbeResolveContext, problems: ConfigProblem[]): RegExp[] {
  const compiled: RegExp[] = [];
  patterns.forEach((pattern, index) => {
    const outcome = compileSafeRegex(pattern);
    if ('regex' in outcome) compiled.push(outcome.regex);
    else problems.push(ctx.problem([...at, index], `${outcome.error} (got ${formatValue(pattern)})`));
  });
  return compiled;
}

function resolveTls(spec: TlsConfigSpec, at: KeyPath, ctx: ProbeResolveContext, problems: ConfigProblem[]): TlsOptions {
  let ca: string | undefined;
  if (spec.ca_file !== undefined) {
    try {
      ca = ctx.readFile(spec.ca_file);
    } catch (error) {
      problems.push(ctx.problem([...at, 'ca_file'], `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (got "${spec.ca_file}")`));
    }
  }
  return { insecureSkipVerify: spec.insecure_skip_verify, ca, serverName: spec.server_name };
}
