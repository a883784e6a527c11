/**
 * Demo usage traffic: `node --import tsx demo/traffic/main.ts [--exporter http://127.0.0.1:9470]
 * [--interval 15s]`. The key comes from PULSE_DEMO_KEY or the file named by PULSE_DEMO_KEY_FILE.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../common/duration';
import { createLogger } from '../../common/log';
import { DEFAULT_REGIONS } from '../simulator/default-regions';
import { runTraffic } from './traffic-generator';

function demoKey(env: NodeJS.ProcessEnv): string {
  if (env.PULSE_DEMO_KEY) return env.PULSE_DEMO_KEY;
  if (env.PULSE_DEMO_KEY_FILE) return readFileSync(env.PULSE_DEMO_KEY_FILE, 'utf8').trim();
  throw new Error('set PULSE_DEMO_KEY or PULSE_DEMO_KEY_FILE to the exporter key of the demo-* projects');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { exporter: { type: 'string' }, interval: { type: 'string' } } });
  const intervalMs = parseDuration(values.interval ?? '15s');
  if (!intervalMs) throw new Error(`--interval: must be a duration such as 15s (got "${values.interval}")`);
  const log = createLogger('pulse-traffic');
  const abort = new AbortController();
  process.once('SIGTERM', () => abort.abort());
  process.once('SIGINT', () => abort.abort());
  const exporterUrl = values.exporter ?? process.env.PULSE_URL ?? 'http://127.0.0.1:9470';
  log.info({ exporterUrl, intervalMs }, 'sending demo usage');
  await runTraffic({ exporterUrl, key: demoKey(process.env), regions: DEFAULT_REGIONS.map((r) => r.code), intervalMs, log, signal: abort.signal }).catch((error) => {
    if (!abort.signal.aborted) throw error;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`pulse-traffic: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
