/**
 * Test harness: a real single-node VictoriaMetrics (Debian's `victoria-metrics`) on a free
 * loopback port, taking Prometheus remote_write at /api/v1/write and answering the Prometheus
 * query API at /api/v1/*. History goes in through its import API (Prometheus text with ms
 * timestamps), since Prometheus remote-writes only what it scrapes, not backfilled blocks.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatLabels, freePort, type BackfillSeries } from './prometheus-server';

const INSTALL_HINT = 'install the Debian package victoria-metrics (scripts/install-system-deps.sh)';
const READY_TIMEOUT_MS = 30_000;
const LOG_LIMIT = 64 * 1024;

export interface VictoriaMetricsHandle {
  readonly url: string;
  /** Where Prometheus remote_writes to. */
  readonly remoteWriteUrl: string;
  /** Adds samples with their own timestamps and makes them searchable at once. */
  importSeries(series: readonly BackfillSeries[]): Promise<void>;
  logs(): string;
  /** Stops the process and removes its data. Idempotent. */
  stop(): Promise<void>;
}

/** Prometheus exposition lines with millisecond timestamps, as /api/v1/import/prometheus takes them. */
export function toImportText(series: readonly BackfillSeries[]): string {
  return series
    .flatMap((one) => one.samples.map(([seconds, value]) => `${one.name}${formatLabels(one.labels, 'toImportText')} ${value} ${seconds * 1000}`))
    .join('\n')
    .concat('\n');
}

export async function startVictoriaMetrics(): Promise<VictoriaMetricsHandle> {
  const scratch = await mkdtemp(join(tmpdir(), 'pulse-victoria-metrics-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'victoria-metrics',
    [
      `-storageDataPath=${scratch}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-retentionPeriod=100y',
      // Answer what was just written (tests read right after writing) and never from a stale cache.
      '-search.latencyOffset=0s',
      '-search.disableCache',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let logs = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (logs = (logs + chunk).slice(-LOG_LIMIT)));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error) => (spawnError = error));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && !spawnError) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      await rm(scratch, { recursive: true, force: true });
    })();
    return stopping;
  };
  const handle: VictoriaMetricsHandle = {
    url,
    remoteWriteUrl: `${url}/api/v1/write`,
    async importSeries(series) {
      const imported = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body: toImportText(series) });
      if (!imported.ok) throw new Error(`victoria-metrics import: HTTP ${imported.status} ${await imported.text()}`);
      const flushed = await fetch(`${url}/internal/force_flush`);
      if (!flushed.ok) throw new Error(`victoria-metrics force_flush: HTTP ${flushed.status}`);
    },
    logs: () => logs,
    stop,
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) {
      await stop();
      if (spawnError.code === 'ENOENT') throw new Error(`victoria-metrics not found: ${INSTALL_HINT}`, { cause: spawnError });
      throw new Error(`start victoria-metrics: ${spawnError.message}`, { cause: spawnError });
    }
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`victoria-metrics exited with ${child.exitCode} before it was ready:\n${logs}`);
    }
    if (await fetch(`${url}/health`).then((response) => response.ok, () => false)) return handle;
    await sleep(50);
  }
  await stop();
  throw new Error(`victoria-metrics not ready after ${READY_TIMEOUT_MS / 1000} s:\n${logs}`);
}
