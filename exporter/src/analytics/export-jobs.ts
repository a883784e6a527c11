/**
 * Export jobs: a request is stored as pending, then run here, on the replica that took it, with
 * the same loop as `pulse export` (runExport) into a bounded in-memory file that goes to the
 * store in one step. Status and file come from the store, so every replica sharing it answers.
 */
import { formatDuration } from '../../../common/duration';
import type { Logger } from '../../../common/log';
import type { ExportSettings } from '../config/model';
import { createPrometheusClient } from '../../../common/prometheus/query-range-client';
import type { Progress } from '../../../export/src/progress';
import { runExport } from '../../../export/src/run-export';
import type { ExportJob, ExportJobStore } from '../store/types';
import { requestedName } from '../../../export/src/custom-metrics';
import { createBufferOutput } from './buffer-output';
import { newExportId } from './export-id';
import { exportRequestOf, type ExportJobSpec } from './export-request';

/** Exports running at once on one replica; more are refused (503) rather than queued where no other replica sees them. */
export const MAX_RUNNING_EXPORTS = 4;
/** Jobs (with their files) one project keeps at once, until each expires: what exports keep in the store is bounded. */
export const MAX_KEPT_EXPORTS_PER_PROJECT = 20;
/** A running job writes a sign of life at most this often (after each Prometheus answer). */
const HEARTBEAT_MS = 10_000;
/** Beyond one query's timeout: a job silent for longer lost its replica. */
const STALE_MARGIN_MS = 60_000;

export class ExportsBusyError extends Error {
  override readonly name = 'ExportsBusyError';
}

/** The project already keeps MAX_KEPT_EXPORTS_PER_PROJECT jobs (answered 429). */
export class ExportsKeptError extends Error {
  override readonly name = 'ExportsKeptError';
}

export interface ExportJobs {
  /** Stores the job as pending and starts it; throws ExportsBusyError when this replica is full, ExportsKeptError when the project keeps its most jobs. */
  submit(spec: ExportJobSpec): Promise<ExportJob>;
  /** The job as every replica sees it; one whose replica went silent reads as failed. */
  status(id: string): Promise<ExportJob | undefined>;
  /** The completed file, chunk by chunk, straight from the store. */
  file(id: string): AsyncGenerator<Buffer>;
  /** Resolves when every job started here has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export interface ExportJobsDeps {
  readonly store: ExportJobStore;
  readonly settings: () => ExportSettings;
  readonly log: Logger;
  readonly now?: () => number;
}

export function createExportJobs({ store, settings, log, now = Date.now }: ExportJobsDeps): ExportJobs {
  const running = new Set<Promise<void>>();

  /** A sign of life after each Prometheus answer, at most every HEARTBEAT_MS; `settled` before the final write, so no beat lands after it. */
  function heartbeat(job: ExportJob): Progress & { settled(): Promise<void> } {
    let lastMs = now();
    let beat: Promise<void> = Promise.resolve();
    return {
      update() {
        if (now() - lastMs < HEARTBEAT_MS) return;
        lastMs = now();
        beat = store.putExportJob({ ...job, updatedAtMs: lastMs }).catch((error: unknown) => log.warn({ err: error, export_id: job.id }, 'export heartbeat not stored'));
      },
      clear: () => undefined,
      settled: () => beat,
    };
  }

  async function run(pending: ExportJob, spec: ExportJobSpec): Promise<void> {
    const config = settings();
    const job: ExportJob = { ...pending, status: 'processing', updatedAtMs: now() };
    const progress = heartbeat(job);
    try {
      await store.putExportJob(job);
      if (config.prometheusUrl === undefined) throw new Error('no Prometheus is configured (exports.prometheus_url in pulse.yml)');
      const output = createBufferOutput(config.maxFileBytes, 'export file');
      const summary = await runExport(exportRequestOf(spec), {
        client: createPrometheusClient({ url: config.prometheusUrl, timeoutMs: config.queryTimeoutMs }),
        openOutput: async () => output,
        progress,
      }).finally(() => progress.settled());
      await store.completeExportJob({ ...job, status: 'completed', updatedAtMs: now(), fileSize: output.bytes, rows: summary.rows }, output.chunks());
      log.info({ export_id: job.id, project: job.project, rows: summary.rows, bytes: output.bytes }, 'export completed');
    } catch (error) {
      const message = (error as Error).message;
      log.warn({ export_id: job.id, project: job.project, error: message }, 'export failed');
      await store.putExportJob({ ...job, status: 'failed', updatedAtMs: now(), error: message }).catch((storeError: unknown) => {
        log.error({ err: storeError, export_id: job.id }, 'export failure not stored; it reads as failed once its heartbeat is stale');
      });
    }
  }

  return {
    async submit(spec) {
      if (running.size >= MAX_RUNNING_EXPORTS) throw new ExportsBusyError(`${MAX_RUNNING_EXPORTS} exports are already running on this replica; retry in a minute`);
      const createdAtMs = now();
      const job: ExportJob = {
        id: newExportId(spec.project),
        project: spec.project,
        format: spec.format,
        dateFrom: spec.dateFrom,
        dateTo: spec.dateTo,
        metrics: [...new Set(spec.metrics.map(requestedName))],
        status: 'pending',
        createdAtMs,
        updatedAtMs: createdAtMs,
        expiresAtMs: createdAtMs + settings().expireAfterMs,
      };
      if (!(await store.reserveExportJob(job.project, job.id, job.expiresAtMs, MAX_KEPT_EXPORTS_PER_PROJECT, createdAtMs))) {
        throw new ExportsKeptError(`project "${job.project}" already keeps ${MAX_KEPT_EXPORTS_PER_PROJECT} export jobs (each kept ${formatDuration(settings().expireAfterMs)} after its request); nothing was started; retry once the oldest expires`);
      }
      await store.putExportJob(job);
      const task = run(job, spec).finally(() => running.delete(task));
      running.add(task);
      return job;
    },

    async status(id) {
      const job = await store.exportJob(id);
      if (!job || job.status === 'completed' || job.status === 'failed') return job;
      if (now() - job.updatedAtMs <= settings().queryTimeoutMs + STALE_MARGIN_MS) return job;
      return { ...job, status: 'failed', error: 'the replica running this export stopped before it finished; request it again' };
    },

    async *file(id) {
      for (let index = 0; ; index++) {
        const chunk = await store.exportFileChunk(id, index);
        if (chunk === undefined) return;
        yield chunk;
      }
    },

    async idle() {
      await Promise.all(running);
    },
  };
}
