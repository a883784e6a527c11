import express, { Router } from 'express';
import type { ExporterRuntime } from '../runtime';
import { ingestUsage } from '../usage/ingest';
import { bearerToken } from '../../../common/http/bearer-key';

export const MAX_USAGE_BODY_BYTES = 1024 * 1024;

/** POST /api/v1/usage/events: the body is read as text so the pipeline answers (and counts) malformed JSON itself. */
export function usageRouter(runtime: ExporterRuntime): Router {
  const router = Router();
  router.post('/events', express.text({ type: () => true, limit: MAX_USAGE_BODY_BYTES }), async (req, res) => {
    const answer = await ingestUsage(
      { config: runtime.config(), store: runtime.store, nowMs: Date.now(), onStoreError: () => runtime.events.storeFailed('record_usage') },
      bearerToken(req.headers.authorization),
      typeof req.body === 'string' ? req.body : '',
    );
    res.status(answer.status).set(answer.headers ?? {}).json(answer.body);
  });
  return router;
}
