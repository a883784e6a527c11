/**
 * The export job runner on the memory store: the per-replica limit at its bound, a job whose
 * replica went silent, and a job that cannot reach Prometheus. Prometheus here is a real socket
 * that accepts and never answers, so jobs stay running for as long as the test needs.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../../common/log';
import { freePort } from '../../../common/testing/free-port';
import { DEFAULT_EXPORT_MAX_FILE_BYTES, DEFAULT_EXPORT_MAX_RANGE_MS, type ExportSettings } from '../config/model';
import { createMemoryStore } from '../store/memory-store';
import { createExportJobs, ExportsBusyError, ExportsKeptError, MAX_KEPT_EXPORTS_PER_PROJECT, MAX_RUNNING_EXPORTS } from './export-jobs';
import type { ExportJobSpec } from './export-request';
import { usageMetric } from '../../../export/src/usage-metrics';

const spec: ExportJobSpec = { project: 'acme', format: 'csv', dateFrom: '2026-10-01', dateTo: '2026-10-01', metrics: [usageMetric('participant_minutes')] };

const settings = (prometheusUrl: string | undefined): ExportSettings => ({
  prometheusUrl,
  queryTimeoutMs: 60_000,
  expireAfterMs: 3_600_000,
  maxFileBytes: DEFAULT_EXPORT_MAX_FILE_BYTES,
  maxRangeMs: DEFAULT_EXPORT_MAX_RANGE_MS,
});

describe('export jobs', () => {
  let silent: Server;
  let url: string;
  const sockets = new Set<Socket>();
  let released = false;

  /** Waits until `count` queries hang on the silent Prometheus. */
  const hanging = async (count: number): Promise<void> => {
    while (sockets.size < count) await sleep(20);
  };
  /** Ends every hanging query (the jobs fail) and every later one at once. */
  const release = (): void => {
    released = true;
    for (const socket of sockets) socket.destroy();
  };

  beforeEach(() => {
    released = false;
  });

  beforeAll(async () => {
    silent = createServer((socket) => {
      if (released) return void socket.destroy();
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    release();
    return new Promise((resolve) => silent.close(resolve));
  });

  it(`runs ${MAX_RUNNING_EXPORTS} at once per replica and refuses one more until they end`, async () => {
    const store = createMemoryStore();
    const jobs = createExportJobs({ store, settings: () => settings(url), log: silentLogger() });
    const running = [];
    for (let i = 0; i < MAX_RUNNING_EXPORTS; i++) running.push(await jobs.submit(spec));
    await hanging(MAX_RUNNING_EXPORTS);
    await expect(jobs.submit(spec)).rejects.toBeInstanceOf(ExportsBusyError);
    release();
    await jobs.idle();
    for (const job of running) expect(await jobs.status(job.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('cannot reach Prometheus') });
    expect((await jobs.submit(spec)).status).toBe('pending');
    await jobs.idle();
  });

  it(`keeps at most ${MAX_KEPT_EXPORTS_PER_PROJECT} jobs per project until they expire, refusing one more and storing nothing of it`, async () => {
    let nowMs = Date.UTC(2026, 11, 7);
    const store = createMemoryStore({ now: () => nowMs });
    const jobs = createExportJobs({ store, settings: () => settings(undefined), log: silentLogger(), now: () => nowMs });
    for (let i = 0; i < MAX_KEPT_EXPORTS_PER_PROJECT; i++) {
      await jobs.submit(spec);
      await jobs.idle();
    }
    const refused = jobs.submit(spec);
    await expect(refused).rejects.toBeInstanceOf(ExportsKeptError);
    await expect(refused).rejects.toThrow(`project "acme" already keeps ${MAX_KEPT_EXPORTS_PER_PROJECT} export jobs (each kept 1h after its request)`);
    expect((await jobs.submit({ ...spec, project: 'globex' })).status).toBe('pending');
    await jobs.idle();
    nowMs += 3_600_000;
    expect((await jobs.submit(spec)).status).toBe('pending');
    await jobs.idle();
  });

  it('reads a job as failed once its replica has been silent past one query timeout and a minute', async () => {
    let nowMs = Date.UTC(2026, 11, 7);
    const store = createMemoryStore({ now: () => nowMs });
    const jobs = createExportJobs({ store, settings: () => settings(url), log: silentLogger(), now: () => nowMs });
    const job = { ...(await jobs.submit(spec)), status: 'processing' as const };
    await hanging(1);
    await store.putExportJob(job);
    nowMs += 60_000 + 60_000;
    expect(await jobs.status(job.id)).toMatchObject({ status: 'processing' });
    nowMs += 1;
    expect(await jobs.status(job.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped before it finished') });
    release();
    await jobs.idle();
  });

  it('fails a job with the reason when no Prometheus is configured', async () => {
    const jobs = createExportJobs({ store: createMemoryStore(), settings: () => settings(undefined), log: silentLogger() });
    const job = await jobs.submit(spec);
    await jobs.idle();
    expect(await jobs.status(job.id)).toMatchObject({ status: 'failed', error: 'no Prometheus is configured (exports.prometheus_url in pulse.yml)' });
  });
});
