import { isIP } from 'node:net';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ExporterRuntime } from '../runtime';
import type { LocateClient } from '../selection/client-location';
import { buildRegionViews } from '../selection/region-views';
import { selectRegion, type ScoredRegion } from '../selection/select-region';
import { badRequest, parseBody } from './request-body';

const nearestBody = z.strictObject({
  client_ip: z.string().refine((ip) => isIP(ip) !== 0, 'must be an IPv4 or IPv6 address').optional(),
  preferred_region: z.string().optional(),
  latencies: z.record(z.string(), z.number().finite().min(0, 'must be a number of milliseconds ≥ 0').max(60_000, 'must be at most 60000 ms')).optional(),
});

function renderChoice(choice: ScoredRegion) {
  const { view, score } = choice;
  return {
    code: view.region.code,
    name: view.region.name,
    url: view.region.url,
    score,
    latency_ms: view.latencyMs === undefined ? null : Math.round(view.latencyMs * 1000) / 1000,
    latency_source: view.latencySource,
    load_percent: Math.round(view.loadRatio * 100 * 100) / 100,
    priority: view.region.priority,
    state: view.state,
  };
}

/** POST /api/v1/regions/nearest: which region a client should use, with ordered fallbacks. */
export function nearestHandler(runtime: ExporterRuntime, locate: LocateClient) {
  return async (req: Request, res: Response) => {
    const parsed = parseBody(nearestBody, req.body ?? {});
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    const config = runtime.config();
    const codes = new Set(config.regions.map((r) => r.code));
    const unknown = [
      ...(parsed.value.preferred_region !== undefined && !codes.has(parsed.value.preferred_region) ? [{ field: 'preferred_region', value: parsed.value.preferred_region }] : []),
      ...Object.keys(parsed.value.latencies ?? {}).filter((c) => !codes.has(c)).map((c) => ({ field: `latencies.${c}`, value: c })),
    ];
    if (unknown.length > 0) {
      res.status(400).json(badRequest(unknown.map((u) => ({ field: u.field, message: `unknown region (got "${u.value}")` }))));
      return;
    }
    const clientIp = parsed.value.client_ip ?? req.socket.remoteAddress ?? '';
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
    const selection = selectRegion(views, parsed.value.preferred_region);
    if (!selection) {
      runtime.events.regionSelected('none', 'none_available');
      res.status(503).set('Retry-After', '15').json({ error: 'no region is available: every region is down or inactive' });
      return;
    }
    runtime.events.regionSelected(selection.primary.view.region.code, selection.reason);
    res.json({
      region: selection.primary.view.region.code,
      url: selection.primary.view.region.url,
      reason: selection.reason,
      primary: renderChoice(selection.primary),
      fallbacks: selection.fallbacks.map(renderChoice),
      client: { ip: clientIp, country: location?.country ?? null, vantage: vantage.name },
    });
  };
}
