/** The forecaster's HTTP surface: /metrics, operational endpoints, the forecast API and on-demand runs. */
import express from 'express';
import type { Registry } from 'prom-client';
import { requireAdminKey } from '../../../common/http/bearer-key';
import { forecastQuery, renderForecast } from './forecast-api';
import type { ForecasterState } from './forecaster-state';

export interface ForecasterAppDeps {
  readonly state: ForecasterState;
  readonly registry: Registry;
  readonly extraMetrics?: () => Promise<string>;
  /** sha256 of the admin key (PULSE_ADMIN_KEY) on-demand runs need; without one they are off. */
  readonly adminKeySha256?: string;
}

export function createForecasterApp(deps: ForecasterAppDeps): express.Express {
  const { state, registry } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.get('/-/healthy', (_req, res) => void res.type('text/plain').send('pulse-forecaster is Healthy.\n'));
  // Ready as soon as it serves: the first run may take minutes, and /metrics is valid before it.
  app.get('/-/ready', (_req, res) => void res.type('text/plain').send('pulse-forecaster is Ready.\n'));
  app.get('/metrics', async (_req, res) => {
    const own = await registry.metrics();
    const extra = deps.extraMetrics ? await deps.extraMetrics().catch(() => '') : '';
    res.type(registry.contentType).send(extra ? `${own}\n${extra}` : own);
  });
  // A run reads Prometheus and fits every series: the admin key only, and off when there is none.
  app.post('/api/v1/run', requireAdminKey(() => deps.adminKeySha256, 'on-demand runs are off: set PULSE_ADMIN_KEY'), async (_req, res) => {
    const result = await state.runNow();
    if (result) res.json({ series: result.series.length, skipped: result.series.filter((s) => s.result.status === 'skipped').length, duration_ms: result.durationMs });
    else res.status(503).set('Retry-After', '10').json({ error: 'Prometheus is unreachable; the last forecasts are still served' });
  });
  app.get('/api/v1/forecast', (req, res) => {
    const parsed = forecastQuery.safeParse({ ...req.query });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.code === 'unrecognized_keys' ? `unknown parameter ${i.keys.join(', ')}` : i.message }));
      res.status(400).json({ error: `invalid request: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems });
      return;
    }
    const run = state.latest();
    if (!run) {
      res.status(503).set('Retry-After', '30').json({ error: 'no forecast yet: the first run has not read Prometheus' });
      return;
    }
    const body = renderForecast(run, parsed.data);
    if (!body) res.status(404).json({ error: `no forecast for ${parsed.data.metric} of project "${parsed.data.project}"` });
    else res.json(body);
  });
  app.use((req, res) => void res.status(404).json({ error: `no such endpoint: ${req.method} ${req.path}` }));
  return app;
}
