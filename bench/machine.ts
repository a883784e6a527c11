/** Facts about the machine and the versions of every tool measured, for the report's header. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export interface MachineFacts {
  readonly date: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** The first line of `command --version` that names a version (some Go tools print it on stderr). */
function versionOf(command: string, args: readonly string[] = ['--version']): string {
  const run = spawnSync(command, [...args], { encoding: 'utf8', timeout: 10_000 });
  if (run.error) return 'not installed';
  const text = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  return text.split('\n').find((line) => /\d+\.\d+/.test(line))?.trim() ?? 'unknown';
}

function pulseCommit(root: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'exporter', 'common', 'forecaster'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${commit} (with uncommitted changes in exporter/, common/ or forecaster/)` : commit;
  } catch {
    return 'unknown';
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((text) => text.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: fall back to what Node knows
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function machineFacts(now = new Date()): MachineFacts {
  const root = join(__dirname, '..');
  return {
    date: now.toISOString(),
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    versions: {
      pulse: pulseCommit(root),
      node: process.version,
      prometheus: versionOf('prometheus'),
      alertmanager: versionOf('prometheus-alertmanager'),
      blackbox_exporter: versionOf('prometheus-blackbox-exporter'),
      pushgateway: versionOf('prometheus-pushgateway'),
      redis: versionOf('redis-server'),
      'redis-benchmark': versionOf('redis-benchmark', ['--version']),
    },
  };
}
