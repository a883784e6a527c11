/**
 * What every store does with export jobs, as jest blocks run against each implementation on the
 * wall clock (memory-store.test.ts, redis-store.test.ts). Not a test itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExportJob, Store } from './types';

export function exportJob(overrides: Partial<ExportJob> = {}): ExportJob {
  const nowMs = Date.now();
  return {
    id: 'exp_0123456789abcdef01234567_acme',
    project: 'acme',
    format: 'csv',
    dateFrom: '2026-10-01',
    dateTo: '2026-10-02',
    metrics: ['participant_minutes'],
    status: 'pending',
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    expiresAtMs: nowMs + 60_000,
    ...overrides,
  };
}

async function readFile(store: Store, id: string): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for (let index = 0; ; index++) {
    const chunk = await store.exportFileChunk(id, index);
    if (chunk === undefined) return chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
    chunks.push(chunk);
  }
}

export function describeExportJobContract(kind: Store['kind'], open: () => Store): void {
  describe(`the ${kind} store's export jobs`, () => {
    let store: Store;
    beforeEach(() => {
      store = open();
    });
    afterEach(() => store.close());

    it('keeps a job and replaces it by id, without a file until it completes', async () => {
      const job = exportJob();
      await store.putExportJob(job);
      await store.putExportJob({ ...job, status: 'processing', updatedAtMs: job.updatedAtMs + 1 });
      expect(await store.exportJob(job.id)).toEqual({ ...job, status: 'processing', updatedAtMs: job.updatedAtMs + 1 });
      expect(await store.exportFileChunk(job.id, 0)).toBeUndefined();
      expect(await store.exportJob('exp_ffffffffffffffffffffffff_acme')).toBeUndefined();
    });

    it('stores the completed job with its whole file, chunk by chunk, bytes intact', async () => {
      const job = exportJob();
      await store.putExportJob(job);
      const chunks = [Buffer.from('timestamp,metric\n'), Buffer.from('2026-10-01T00:00:00Z,"é,€"\n')];
      const completed: ExportJob = { ...job, status: 'completed', fileSize: chunks[0].length + chunks[1].length, rows: 1 };
      await store.completeExportJob(completed, chunks);
      expect(await store.exportJob(job.id)).toEqual(completed);
      expect(await readFile(store, job.id)).toBe('timestamp,metric\n2026-10-01T00:00:00Z,"é,€"\n');
    });

    it('removes the job and its file once it expires', async () => {
      // Connected first, then a life of 2 s: 300 ms, connection included, left a loaded machine
      // writing a file that had already expired (its job then never completed).
      expect(await store.ping()).toBe(true);
      const job = exportJob({ expiresAtMs: Date.now() + 2_000 });
      await store.completeExportJob({ ...job, status: 'completed', fileSize: 3 }, [Buffer.from('a,b')]);
      expect(await readFile(store, job.id)).toBe('a,b');
      await sleep(job.expiresAtMs - Date.now() + 100);
      expect(await store.exportJob(job.id)).toBeUndefined();
      expect(await store.exportFileChunk(job.id, 0)).toBeUndefined();
    });

    it('counts at most `max` kept jobs per project, only those not yet expired, and counts nothing past it', async () => {
      const nowMs = Date.now();
      expect(await store.reserveExportJob('acme', 'a', nowMs + 1_000, 2, nowMs)).toBe(true);
      expect(await store.reserveExportJob('acme', 'b', nowMs + 60_000, 2, nowMs)).toBe(true);
      expect(await store.reserveExportJob('acme', 'c', nowMs + 60_000, 2, nowMs)).toBe(false);
      expect(await store.reserveExportJob('globex', 'd', nowMs + 60_000, 2, nowMs)).toBe(true);
      // Once a expires there is room for one more, and only one: c was not counted.
      expect(await store.reserveExportJob('acme', 'e', nowMs + 60_000, 2, nowMs + 1_000)).toBe(true);
      expect(await store.reserveExportJob('acme', 'f', nowMs + 60_000, 2, nowMs + 1_000)).toBe(false);
    });
  });
}
