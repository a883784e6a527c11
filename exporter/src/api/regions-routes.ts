import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RegionConfig } from '../config/model';
import type { ExporterRuntime } from '../runtime';
import { requireAdmin } from './admin-auth';
import { probedHealth } from './probed-health-route';
import { renderHealth, renderRegion, renderRegionDetail, renderStats } from './render-regions';
import { badRequest, parseBody } from './request-body';
import { answerStoreUnavailable } from './store-unavailable';

const loadBody = z.strictObject({ load: z.number().finite().min(0).max(1e9) });

export function regionsRouter(runtime: ExporterRuntime): Router {
  const router = Router();
  const findRegion = (req: Request, res: Response): RegionConfig | undefined => {
    const region = runtime.config().regions.find((r) => r.code === req.params.code);
    if (!region) res.status(404).json({ error: `unknown region "${String(req.params.code)}"` });
    return region;
  };

  router.get('/', async (_req, res) => {
    const snapshot = await runtime.refreshSnapshot();
    const regions = snapshot.config.regions.map((r) => renderRegion(r, snapshot));
    res.json({ regions, count: regions.length });
  });

  router.get('/health', async (_req, res) => {
    res.json(renderHealth(await runtime.refreshSnapshot()));
  });

  router.get('/stats', async (_req, res) => {
    const snapshot = await runtime.refreshSnapshot();
    res.json(renderStats(snapshot.config, snapshot));
  });

  router.get('/:code', async (req, res) => {
    const region = findRegion(req, res);
    if (region) res.json(renderRegionDetail(region, await runtime.refreshSnapshot()));
  });

  // Public: the last result while fresh, else a probe (joined if one runs). The admin key asks for a new probe.
  // Usually served before express (probed-health-route.ts); here when that route leaves a request to express.
  router.get('/:code/health', async (req, res) => {
    const region = findRegion(req, res);
    if (region) res.json(await probedHealth(runtime, region, req.headers.authorization));
  });

  router.post('/:code/load', requireAdmin(() => runtime.config().adminKeySha256), async (req, res) => {
    const region = findRegion(req, res);
    if (!region) return;
    const parsed = parseBody(loadBody, req.body);
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    if (!(await runtime.monitor.reportLoad(region, parsed.value.load, 'api'))) {
      answerStoreUnavailable(res, 'the state store', 1);
      return;
    }
    res.json({ region: region.code, load: parsed.value.load, load_ratio: parsed.value.load / region.capacity });
  });

  return router;
}
