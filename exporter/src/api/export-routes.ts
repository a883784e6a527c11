/**
 * Export jobs of the analytics API: POST /export/:project_id starts one, GET
 * /export/status/:export_id tells how it goes, GET /export/download/:export_id hands the file.
 * The export id carries its project, so the project guard checks the key on all three.
 */
import type { RequestHandler, Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { projectOfExportId } from '../analytics/export-id';
import { createExportJobs, ExportsBusyError, ExportsKeptError } from '../analytics/export-jobs';
import { parseExportQuery } from '../analytics/export-request';
import { CONTENT_TYPES, renderExportJob } from '../analytics/render-export';
import type { AnalyticsRouteContext } from './analytics-context';
import { guardedProject } from './project-guard';
import { badRequest } from './request-body';

const noSuchExport = (id: string) => ({ error: `no such export: "${id}" (it may have expired)` });

/** Names the export's project as the path parameter the guard reads. */
const projectFromExportId: RequestHandler = (req, res, next) => {
  const project = projectOfExportId(String(req.params.export_id));
  if (project === undefined) {
    res.status(404).json(noSuchExport(String(req.params.export_id)));
    return;
  }
  req.params.project_id = project;
  next();
};

export function mountExportRoutes(router: Router, { runtime, log, guard }: AnalyticsRouteContext): void {
  const jobs = createExportJobs({ store: runtime.store, settings: () => runtime.config().exports, log });

  router.post('/export/:project_id', guard, async (req, res) => {
    const config = runtime.config();
    let parsed;
    try {
      parsed = await parseExportQuery({ ...req.query }, { project: guardedProject(res), settings: config.exports, regions: config.regions.map((r) => r.code), lookup: runtime.store });
    } catch {
      runtime.events.storeFailed('export_metrics');
      res.status(503).set('Retry-After', '1').json({ error: "the store is unavailable; the project's custom metrics could not be looked up; nothing was started; retry" });
      return;
    }
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    try {
      res.status(202).json(renderExportJob(await jobs.submit(parsed.spec)));
    } catch (error) {
      if (error instanceof ExportsBusyError) {
        res.status(503).set('Retry-After', '60').json({ error: error.message });
        return;
      }
      if (error instanceof ExportsKeptError) {
        res.status(429).json({ error: error.message });
        return;
      }
      runtime.events.storeFailed('export_job');
      res.status(503).set('Retry-After', '1').json({ error: 'the store is unavailable; nothing was started; retry' });
    }
  });

  router.get('/export/status/:export_id', projectFromExportId, guard, async (req, res) => {
    const job = await jobs.status(String(req.params.export_id));
    if (!job) res.status(404).json(noSuchExport(String(req.params.export_id)));
    else res.json(renderExportJob(job));
  });

  router.get('/export/download/:export_id', projectFromExportId, guard, async (req, res) => {
    const id = String(req.params.export_id);
    const job = await jobs.status(id);
    if (!job) {
      res.status(404).json(noSuchExport(id));
      return;
    }
    if (job.status !== 'completed') {
      res.status(409).json({ error: `export "${id}" is ${job.status}${job.error ? `: ${job.error}` : ''}; its file downloads once it is completed` });
      return;
    }
    res.status(200).type(CONTENT_TYPES[job.format]).set({ 'content-length': String(job.fileSize), 'content-disposition': `attachment; filename="${id}.${job.format}"` });
    await pipeline(Readable.from(jobs.file(id)), res).catch((error: unknown) => log.warn({ err: error, export_id: id }, 'export download ended early'));
  });
}
