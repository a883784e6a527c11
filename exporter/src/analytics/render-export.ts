/** Export jobs in the original design's shape (AnalyticsExport), with Pulse's detail beside. */
import type { UsageType } from '../../../common/metrics/catalogue';
import type { ExportJob } from '../store/types';
import { SEED_METRIC_TYPES } from './metric-types';

export const EXPORT_BASE_PATH = '/api/v1/analytics/export';

/** Where the file downloads, with the same key: a path on any replica. */
export const exportFileUrl = (id: string): string => `${EXPORT_BASE_PATH}/download/${id}`;

const iso = (ms: number): string => new Date(ms).toISOString();

export function renderExportJob(job: ExportJob) {
  const completed = job.status === 'completed';
  return {
    export_id: job.id,
    project_id: job.project,
    status: job.status,
    export_type: job.format,
    date_from: job.dateFrom,
    date_to: job.dateTo,
    metrics: job.metrics.map((type) => SEED_METRIC_TYPES[type as UsageType] ?? type),
    file_size: completed ? (job.fileSize ?? null) : null,
    file_url: completed ? exportFileUrl(job.id) : null,
    rows: completed ? (job.rows ?? null) : null,
    error: job.error ?? null,
    created_at: iso(job.createdAtMs),
    updated_at: iso(job.updatedAtMs),
    expires_at: iso(job.expiresAtMs),
  };
}

export const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;
