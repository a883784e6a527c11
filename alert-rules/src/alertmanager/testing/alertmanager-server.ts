/**
 * Test harness: a real Alertmanager (Debian's prometheus-alertmanager, 0.25) on a free loopback
 * port, without clustering, with its own temporary storage. Not a test itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../../../common/testing/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchProcess, type LaunchedProcess } from '../../../../common/testing/child-process';
import { GO_TEMPLATES_FILE, renderGoTemplates } from '../../messages/render-go-template';

export interface AlertmanagerHandle {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** SIGTERM, wait for the exit, delete the temporary directory. */
  stop(): Promise<void>;
}

const BINARY = process.env.ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager';
const READY_TIMEOUT_MS = 10_000;

/**
 * Starts Alertmanager on this configuration text, with the generated templates (pulse.tmpl) beside
 * it as in production; retries once on another port if the first was taken.
 */
export async function startAlertmanager(configText: string): Promise<AlertmanagerHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, configText);
  writeFileSync(join(dir, GO_TEMPLATES_FILE), renderGoTemplates());
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    const port = await freePort();
    try {
      const server = await launch(configFile, dir, port);
      return {
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

async function launch(configFile: string, dir: string, port: number): Promise<LaunchedProcess> {
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // An empty cluster address turns gossip off: a single instance, no port 9094.
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
  return launchProcess({
    name: `alertmanager on port ${port}`,
    command: BINARY,
    args,
    ready: async () => (await fetch(`http://127.0.0.1:${port}/-/ready`, { signal: AbortSignal.timeout(500) })).ok,
    readyTimeoutMs: READY_TIMEOUT_MS,
    installHint: 'install the Debian package prometheus-alertmanager',
  });
}
