/** GET /status: the public status page, from the same snapshot and region objects as the regions API. */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { renderRegion } from '../api/render-regions';
import type { ExporterRuntime } from '../runtime';
import { renderStatusPage } from './status-html';

export function statusPage(runtime: ExporterRuntime): RequestHandler {
  return async (_req, res) => {
    const snapshot = await runtime.refreshSnapshot();
    const nonce = randomBytes(16).toString('base64');
    const html = renderStatusPage(snapshot.config.regions.map((region) => renderRegion(region, snapshot)), Date.now(), nonce);
    res
      .set('cache-control', 'no-cache')
      .set('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'`)
      .type('html')
      .send(html);
  };
}
