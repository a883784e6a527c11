/**
 * Test helper: runs Debian's amtool (Alertmanager 0.25) and returns what it said, without
 * throwing on a non-zero exit, so tests can assert on both.
 */
import { execFile } from 'node:child_process';

export interface AmtoolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const AMTOOL = process.env.AMTOOL ?? '/usr/bin/amtool';
const INSTALL_HINT = 'install the Debian package prometheus-alertmanager (npm test installs it when run as root)';

export function amtool(args: readonly string[]): Promise<AmtoolResult> {
  return new Promise((resolve, reject) => {
    execFile(AMTOOL, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`${AMTOOL} not found: ${INSTALL_HINT}`, { cause: error }));
        return;
      }
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
