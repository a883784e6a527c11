/**
 * Demo usage traffic: `node --import tsx demo/traffic/main.ts [--exporter http://127.0.0.1:9470]
 * [--interval 15s] [--since 2026-12-07T10:00:00Z]`, or one usage spike and exit:
 * `… --spike project/region/type [--times 5]`. `--since` (at most an hour ago) starts the first
 * window there and catches up to now, window by window: the local stack passes the end of its
 * backfilled history, so the counters have no hole between history and live usage. The key comes from PULSE_DEMO_KEY or the file
 * named by PULSE_DEMO_KEY_FILE.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../common/duration';
import { createLogger } from '../../common/log';
import { DEFAULT_REGIONS } from '../simulator/default-regions';
import { runTraffic, sendEvents } from './traffic-generator';
import { parseSpikeTarget, parseSpikeTimes, spikeEvent } from './usage-spike';

function demoKey(env: NodeJS.ProcessEnv): string {
  if (env.PULSE_DEMO_KEY) return env.PULSE_DEMO_KEY;
  if (env.PULSE_DEMO_KEY_FILE) return readFileSync(env.PULSE_DEMO_KEY_FILE, 'utf8').trim();
  throw new Error('set PULSE_DEMO_KEY or PULSE_DEMO_KEY_FILE to the exporter key of the demo-* projects');
}

/** Either the value or the parse error, thrown. */
function orThrow<T>(parsed: T | { readonly error: string }): T {
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) throw new Error(parsed.error);
  return parsed as T;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { exporter: { type: 'string' }, interval: { type: 'string' }, spike: { type: 'string' }, times: { type: 'string' }, since: { type: 'string' } } });
  const intervalMs = parseDuration(values.interval ?? '15s');
  if (!intervalMs) throw new Error(`--interval: must be a duration such as 15s (got "${values.interval}")`);
  const sinceMs = values.since === undefined ? undefined : Date.parse(values.since);
  if (sinceMs !== undefined && !Number.isFinite(sinceMs)) throw new Error(`--since: must be an ISO 8601 time such as 2026-12-07T10:00:00Z (got "${values.since}")`);
  const regions = DEFAULT_REGIONS.map((r) => r.code);
  const log = createLogger('pulse-traffic');
  const abort = new AbortController();
  process.once('SIGTERM', () => abort.abort());
  process.once('SIGINT', () => abort.abort());
  const exporterUrl = values.exporter ?? process.env.PULSE_URL ?? 'http://127.0.0.1:9470';
  if (values.spike !== undefined) {
    const event = spikeEvent(orThrow(parseSpikeTarget(values.spike, regions)), orThrow(parseSpikeTimes(values.times ?? '5')), Date.now());
    await sendEvents({ exporterUrl, key: demoKey(process.env), log, signal: abort.signal }, [event]);
    log.info({ event }, 'usage spike sent');
    return;
  }
  log.info({ exporterUrl, intervalMs }, 'sending demo usage');
  await runTraffic({ exporterUrl, key: demoKey(process.env), regions, intervalMs, sinceMs, log, signal: abort.signal }).catch((error) => {
    if (!abort.signal.aborted) throw error;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`pulse-traffic: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
