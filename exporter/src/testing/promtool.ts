import { spawnSync } from 'node:child_process';

/** Runs a Prometheus tool from Debian's packages; a missing binary fails with its package name. */
export function runTool(binary: 'promtool' | 'amtool', args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(binary, args, { input, encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const pkg = binary === 'promtool' ? 'prometheus' : 'prometheus-alertmanager';
    throw new Error(`${binary} not found: install the Debian package ${pkg} (npm test installs it when run as root)`);
  }
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
