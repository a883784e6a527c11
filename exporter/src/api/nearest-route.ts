import type { Request, Response } from 'express';
import type { ExporterRuntime } from '../runtime';
import type { LocateClient } from '../selection/client-location';
import { buildRegionViews } from '../selection/region-views';
import { selectRegion, type ScoredRegion } from '../selection/select-region';
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
    const { vantage, views } = buildRegionViews({
      config,
      states: snapshot.states,
      loads: snapshot.loads,
      clientLocation: location,
      clientLatencies: parsed.value.latencies,
      nowMs: Date.now(),
    });
    const selection = selectRegion(views, parsed.value.preferredRegion);
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
