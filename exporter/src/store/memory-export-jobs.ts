/** The export-job part of the memory store: jobs and their files in this process, dropped once expired. */
import type { ExportJob, ExportJobStore } from './types';

interface Entry {
  job: ExportJob;
  file?: readonly Buffer[];
}

export function createMemoryExportJobs({ now }: { readonly now: () => number }): ExportJobStore {
  const entries = new Map<string, Entry>();

  // Expired jobs are removed on every call, so their files never outlive them by more than one request.
  const sweep = (): void => {
    const nowMs = now();
    for (const [id, entry] of entries) if (entry.job.expiresAtMs <= nowMs) entries.delete(id);
  };

  const reserved = new Map<string, Map<string, number>>();

  return {
    async reserveExportJob(project, id, expiresAtMs, max, nowMs) {
      const kept = reserved.get(project) ?? new Map<string, number>();
      for (const [old, until] of kept) if (until <= nowMs) kept.delete(old);
      if (kept.size >= max) return false;
      kept.set(id, expiresAtMs);
      reserved.set(project, kept);
      return true;
    },
    async putExportJob(job) {
      sweep();
      const stored = entries.get(job.id);
      entries.set(job.id, { job, file: stored?.file });
    },
    async exportJob(id) {
      sweep();
      return entries.get(id)?.job;
    },
    async completeExportJob(job, file) {
      sweep();
      entries.set(job.id, { job, file: [...file] });
    },
    async exportFileChunk(id, index) {
      sweep();
      return entries.get(id)?.file?.[index];
    },
  };
}
