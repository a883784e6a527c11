import type { Request, Response } from 'express';
import type { ExporterRuntime } from '../runtime';
import type { LocateClient } from '../selection/client-location';
import { placeClient } from '../selection/place-client';
import type { ScoredRegion } from '../selection/select-region';
import { parseNearestBody } from './nearest-body';
import { loadPercentage, renderRegion } from './render-regions';
import { badRequest } from './request-body';

/** Why each region ranks where it does: the seed's score and its three terms. */
function renderScore(choice: ScoredRegion) {
  const { view, score } = choice;
  return {
    region_code: view.region.code,
    score,
    latency: view.latencyMs === undefined ? null : Math.round(view.latencyMs * 1000) / 1000,
    latency_source: view.latencySource,
    load_percentage: loadPercentage(view.loadRatio, 1),
    load_basis: view.loadBasis ?? 'report',
    priority: view.region.priority,
    health_status: view.state,
  };
}

/**
 * POST /api/v1/regions/nearest: the seed's NearestRegionResponse (primary_region,
 * fallback_regions, recommended_url) plus fallback_urls for the token service, and Pulse's
 * reason and scores.
 */
export function nearestHandler(runtime: ExporterRuntime, locate: LocateClient) {
  return async (req: Request, res: Response) => {
    const config = runtime.config();
    const parsed = parseNearestBody(req.body ?? {}, new Set(config.regions.map((r) => r.code)));
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    const clientIp = parsed.value.clientIp ?? req.socket.remoteAddress ?? '';
    const location = locate(clientIp);
    const snapshot = await runtime.refreshSnapshot();
    const { vantage, selection } = await placeClient(
      config,
      snapshot,
      { location, latencies: parsed.value.latencies, preferredRegion: parsed.value.preferredRegion },
      runtime.placement,
      Date.now(),
    );
    if (!selection) {
      runtime.events.regionSelected('none', 'none_available');
      res.status(503).set('Retry-After', '15').json({ error: 'no region is available: every region is down or inactive' });
      return;
    }
    runtime.events.regionSelected(selection.primary.view.region.code, selection.reason);
    const region = (choice: ScoredRegion) => renderRegion(choice.view.region, snapshot);
    res.json({
      primary_region: region(selection.primary),
      fallback_regions: selection.fallbacks.map(region),
      recommended_url: selection.primary.view.region.url,
      fallback_urls: selection.fallbacks.map((f) => f.view.region.url),
      reason: selection.reason,
      scores: [selection.primary, ...selection.fallbacks].map(renderScore),
      client: { ip: clientIp, country: location?.country ?? null, vantage: vantage.name },
    });
  };
}
