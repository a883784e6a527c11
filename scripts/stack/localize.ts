/**
 * The local stack runs the compose stack's configuration files unchanged but for addresses: each
 * compose service name (and the paths compose mounts) is pointed at loopback and local folders.
 */
export interface StackPorts {
  readonly prometheus: number;
  readonly alertmanager: number;
  readonly redis: number;
  readonly exporter: number;
  readonly forecaster: number;
  /** The notification sink every Alertmanager receiver posts to (scripts/stack/notification-sink.ts). */
  readonly notifications: number;
}

export const DEFAULT_PORTS: StackPorts = { prometheus: 9090, alertmanager: 9093, redis: 6379, exporter: 9470, forecaster: 9471, notifications: 9096 };

export interface LocalPaths {
  readonly rulesDir: string;
  readonly secretsDir: string;
  /** The projects' rule files (compose: one volume the exporter writes and Prometheus reads); default beside the secrets. */
  readonly projectRulesDir?: string;
}

/** Replacements from compose addresses and mount points to the local stack's. */
export function localReplacements(ports: StackPorts, paths: LocalPaths): Array<readonly [string, string]> {
  return [
    ['pulse-exporter:9470', `127.0.0.1:${ports.exporter}`],
    ['pulse-forecaster:9471', `127.0.0.1:${ports.forecaster}`],
    ['prometheus:9090', `127.0.0.1:${ports.prometheus}`],
    ['alertmanager:9093', `127.0.0.1:${ports.alertmanager}`],
    ['redis:6379', `127.0.0.1:${ports.redis}`],
    ['simulator:', '127.0.0.1:'],
    ['/etc/prometheus/rules', paths.rulesDir],
    ['/etc/alertmanager/secrets', paths.secretsDir],
    ['/run/pulse-secrets', paths.secretsDir],
    ['/var/lib/pulse/project-rules', paths.projectRulesDir ?? `${paths.secretsDir}/../project-rules`],
    ['/etc/prometheus/project-rules', paths.projectRulesDir ?? `${paths.secretsDir}/../project-rules`],
  ];
}

export function localize(text: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  return replacements.reduce((result, [from, to]) => result.split(from).join(to), text);
}
